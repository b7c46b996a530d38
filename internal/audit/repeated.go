package audit

import (
	"context"
	"errors"
	"time"

	"relocate/ent"
)

// tallyKey is what makes refusals "the same": what was refused, to whom,
// from where.
type tallyKey struct {
	action, operation, actorEmail, ip string
	actorID                           int
}

// tally counts the refusals of one kind in the current window.
type tally struct {
	last    row       // the latest refusal
	opened  time.Time // when the window began
	pending int       // refusals not written yet
}

// RecordRepeated records a refusal that may repeat many times a second: a
// throttled sign-in, a field the viewer may not use. The first of a kind
// (same action, operation, actor and address) in each window is written at
// once; the others are counted and written as one entry with their count
// when the window ends, or earlier when the log is read or the process
// shuts down (Flush). The log thus grows by at most two entries per kind
// and window (and one per reading of the log meanwhile), however fast a
// client tries, and the counts add up to every attempt made.
//
// Entries are appended, never updated: the log stays append-only. They are
// written outside any transaction of ctx, since a refusal happened even
// when the operation around it is rolled back; inside a transaction they
// are only counted, and written by the next call outside one.
func (r *Recorder) RecordRepeated(ctx context.Context, e Entry) error {
	w := resolve(ctx, e)
	now := r.now()
	w.at = now
	k := tallyKey{action: w.Action, operation: w.Operation, actorEmail: w.actorEmail, ip: w.req.IP}
	if w.actorID != nil {
		k.actorID = *w.actorID
	}
	inTx := ent.FromContext(ctx) != nil

	r.mu.Lock()
	var due []row
	if !inTx {
		due = r.sweepLocked(now, nil)
	}
	t, ok := r.tallies[k]
	writeNow := false
	switch {
	case ok && now.Sub(t.opened) < r.window:
		t.pending += w.count
		t.last = w
	default:
		if ok && t.pending > 0 {
			due = append(due, t.summary())
		}
		t = &tally{last: w, opened: now}
		r.tallies[k] = t
		if inTx {
			t.pending = w.count
		} else {
			writeNow = true
		}
	}
	r.mu.Unlock()

	if writeNow {
		due = append(due, w)
	}
	return r.writeRows(ctx, due)
}

// Flush writes the refusals counted so far, each kind as one entry with
// its count. Their windows go on: later refusals are counted afresh.
func (r *Recorder) Flush(ctx context.Context) error {
	r.mu.Lock()
	due := r.sweepLocked(r.now(), func(tallyKey) bool { return true })
	r.mu.Unlock()
	return r.writeRows(ctx, due)
}

// FlushActor writes the refusals counted so far that name user id as their
// actor (a sign-in counting the attempts on the account), like Flush.
func (r *Recorder) FlushActor(ctx context.Context, id int) error {
	r.mu.Lock()
	due := r.sweepLocked(r.now(), func(k tallyKey) bool { return k.actorID == id })
	r.mu.Unlock()
	return r.writeRows(ctx, due)
}

// sweepLocked returns the summaries of windows that ended, and of the
// pending counts of the kinds flush selects (nil: none), and forgets the
// ended windows. Without flush it looks at most once a second.
func (r *Recorder) sweepLocked(now time.Time, flush func(tallyKey) bool) []row {
	if flush == nil && now.Sub(r.swept) < time.Second {
		return nil
	}
	r.swept = now
	var due []row
	for k, t := range r.tallies {
		ended := now.Sub(t.opened) >= r.window
		if t.pending > 0 && (ended || flush != nil && flush(k)) {
			due = append(due, t.summary())
			t.pending = 0
		}
		if ended {
			delete(r.tallies, k)
		}
	}
	return due
}

// summary is the entry standing for the pending refusals of t.
func (t *tally) summary() row {
	s := t.last
	s.count = t.pending
	return s
}

// writeRows appends rows through the recorder's own client, never a
// transaction of ctx.
func (r *Recorder) writeRows(ctx context.Context, rows []row) error {
	var errs []error
	for _, w := range rows {
		errs = append(errs, write(ctx, r.client, w))
	}
	return errors.Join(errs...)
}
