package guide

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"relocate/ent"
	"relocate/ent/guidechange"
	"relocate/internal/viewer"
)

// Offline sync: the app keeps the published guide of one language and
// asks for what changed since its last sync. A sync token is an opaque
// encoding of a change log ID (changelog.go), so it survives restarts and
// means the same on every instance.

// Tombstone names an object a client must forget: unpublished, archived,
// deleted, or hidden with its topic or place category.
type Tombstone struct {
	Kind string // TOPIC, ARTICLE, PLACE or TERM (guidechange.Kind)
	Key  string
}

// Changes is what changed in the published guide since a sync token.
type Changes struct {
	Topics   []*ent.GuideCategory
	Articles []*ent.GuideArticle
	Places   []*ent.Place
	Terms    []*ent.GlossaryTerm
	// Removed are the objects to forget.
	Removed []Tombstone
	// NextToken is the token of the next sync.
	NextToken string
	// Full is true for an answer to no token: everything, which replaces
	// what the client holds.
	Full bool
}

// tokenPrefix versions the token format.
const tokenPrefix = "g1."

// SyncToken returns the token of content version v.
func SyncToken(v int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + strconv.Itoa(v)))
}

// parseToken returns the version token names.
func parseToken(token string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || !strings.HasPrefix(string(b), tokenPrefix) {
		return 0, false
	}
	v, err := strconv.Atoi(strings.TrimPrefix(string(b), tokenPrefix))
	return v, err == nil && v >= 0
}

// ChangesSince returns the published objects changed since token and the
// tombstones of those gone; everything when token is nil. Objects come
// from the snapshot, so their fields are those public readers get, in the
// language of ctx. ErrSyncTokenExpired when the history the token needs
// is gone (pruned), or the token was not given by this guide.
func (s *Service) ChangesSince(ctx context.Context, token *string) (*Changes, error) {
	if _, err := s.Current(ctx); err != nil {
		return nil, err
	}
	sn := s.pinned(ctx) // the fields of the objects read the same snapshot
	if sn == nil {
		return nil, fmt.Errorf("guide: sync before the snapshot was built")
	}
	out := &Changes{NextToken: SyncToken(sn.Version)}
	if token == nil {
		out.Full = true
		out.Topics = sn.allTopics()
		out.Articles, out.Places, out.Terms = sn.articles.items, sn.places.items, sn.terms.items
		return out, nil
	}
	since, ok := parseToken(*token)
	if !ok || since > sn.Version {
		return nil, ErrSyncTokenExpired
	}
	if err := s.checkHistory(ctx, since); err != nil {
		return nil, err
	}
	changed, err := s.client.GuideChange.Query().
		Where(guidechange.IDGT(since), guidechange.IDLTE(sn.Version)).
		Select(guidechange.FieldKind, guidechange.FieldKey).
		All(viewer.SystemContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("guide: read the change log: %w", err)
	}
	sn.collect(out, changed)
	return out, nil
}

// checkHistory fails when the change log no longer holds every change
// after since.
func (s *Service) checkHistory(ctx context.Context, since int) error {
	var oldest int
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MIN(id), 0) FROM guide_changes").Scan(&oldest); err != nil {
		return fmt.Errorf("guide: read the change log: %w", err)
	}
	if oldest > 0 && since < oldest-1 {
		return ErrSyncTokenExpired
	}
	return nil
}

// collect adds to out the objects named by changed, the articles that
// link to a changed article (their bodies hold its path) or list it as
// related (their related lists show it, or no longer do) and, when a
// glossary term changed, every article (their lists of terms).
func (sn *Snapshot) collect(out *Changes, changed []*ent.GuideChange) {
	seen := map[Tombstone]bool{}
	add := func(kind guidechange.Kind, key string) {
		k := Tombstone{string(kind), key}
		if seen[k] {
			return
		}
		seen[k] = true
		switch kind {
		case guidechange.KindTOPIC:
			if t := sn.topicByKey(key); t != nil {
				out.Topics = append(out.Topics, t)
				return
			}
		case guidechange.KindARTICLE:
			if a := sn.articleByKey[key]; a != nil {
				out.Articles = append(out.Articles, a)
				return
			}
		case guidechange.KindPLACE:
			if p := sn.placeByKey[key]; p != nil {
				out.Places = append(out.Places, p)
				return
			}
		case guidechange.KindTERM:
			if t := sn.termByKey(key); t != nil {
				out.Terms = append(out.Terms, t)
				return
			}
		}
		out.Removed = append(out.Removed, k)
	}
	for _, c := range changed {
		add(c.Kind, c.Key)
	}
	termChanged := false
	articleChanged := map[string]bool{}
	for _, c := range changed {
		switch c.Kind {
		case guidechange.KindARTICLE:
			articleChanged[c.Key] = true
			for _, from := range sn.linkedFrom[c.Key] {
				add(guidechange.KindARTICLE, from)
			}
			for _, from := range sn.relatedGone[c.Key] {
				add(guidechange.KindARTICLE, from)
			}
		case guidechange.KindTERM:
			termChanged = true
		}
	}
	if len(articleChanged) > 0 { // the articles that list a changed one
		for _, a := range sn.articles.items {
			for _, r := range sn.related[a.ID] {
				if articleChanged[r.Key] {
					add(guidechange.KindARTICLE, a.Key)
					break
				}
			}
		}
	}
	if termChanged {
		// An article's glossary terms are found in its text among all
		// terms: a term's new word, or a term added or taken back, may
		// change any article's list, as the snapshot's rebuild renders
		// every article again. Terms change seldom.
		for _, a := range sn.articles.items {
			add(guidechange.KindARTICLE, a.Key)
		}
	}
}

// allTopics returns every published topic, subtopics after their parent.
func (sn *Snapshot) allTopics() []*ent.GuideCategory {
	var out []*ent.GuideCategory
	var walk func([]*ent.GuideCategory)
	walk = func(ts []*ent.GuideCategory) {
		for _, t := range ts {
			out = append(out, t)
			walk(t.Edges.Children)
		}
	}
	walk(sn.topics)
	return out
}

func (sn *Snapshot) topicByKey(key string) *ent.GuideCategory {
	for _, t := range sn.topicByID {
		if t.Key == key {
			return t
		}
	}
	return nil
}

func (sn *Snapshot) termByKey(key string) *ent.GlossaryTerm {
	for _, t := range sn.terms.items {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// PruneChanges deletes the change log entries made before before, except
// the newest: tokens older than what is left get ErrSyncTokenExpired and
// their clients download everything again. It returns how many entries
// it deleted.
func (s *Service) PruneChanges(ctx context.Context, before time.Time) (int, error) {
	ctx = viewer.SystemContext(ctx)
	newest, err := s.version(ctx)
	if err != nil {
		return 0, err
	}
	n, err := s.client.GuideChange.Delete().Where(guidechange.AtLT(before), guidechange.IDLT(newest)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("guide: prune the change log: %w", err)
	}
	return n, nil
}
