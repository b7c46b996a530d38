package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"relocate/cmd/internal/loadkit"
)

// The peer of issue 11: PostGraphile, a generic GraphQL API generated from
// the tables, pointed at the PostgreSQL database relocate created and
// filled. It answers the equivalent of topics10 (the review's §5): the
// published top-level topics in order with their Latvian name, and the
// first ten published articles of each by position with their Latvian
// title, summary and both source revisions (relocate derives
// translationStatus from those; PostGraphile has no such field).
const queryPeerTopics10 = `{ allGuideCategories(condition: {parentId: null, status: "PUBLISHED"}, orderBy: [POSITION_ASC, PRIMARY_KEY_ASC]) { nodes {
  guideCategoryTranslationsByCategoryId(condition: {language: "lv", status: "PUBLISHED"}) { nodes { name } }
  guideArticlesByCategoryId(first: 10, condition: {status: "PUBLISHED"}, orderBy: [POSITION_ASC, PRIMARY_KEY_ASC]) { nodes { sourceRevision
    guideArticleTranslationsByArticleId(condition: {language: "lv", status: "PUBLISHED"}) { nodes { title summary sourceRevision } } } } } } }`

// peerKind is the peer's equivalent of topics10, sent to the peer's base.
func peerKind(version string) kind {
	return graphqlKind("peer-topics10", "peer: "+version+", the equivalent of topics10", queryPeerTopics10, "lv")
}

// peer is a running PostGraphile.
type peer struct {
	cmd     *exec.Cmd
	exited  chan error
	base    string
	version string
}

// startPeer starts the peer command (the postgraphile executable) on
// dbURL and waits until it answers the equivalent query; its output goes
// to logPath.
func startPeer(ctx context.Context, command, dbURL, logPath string) (*peer, error) {
	version := "PostGraphile"
	if out, err := exec.CommandContext(ctx, command, "--version").Output(); err == nil {
		version += " " + strings.TrimSpace(string(out))
	}
	port, err := loadkit.FreePort()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(command, "-c", dbURL, "-s", "public", "-n", "127.0.0.1", "-p", strconv.Itoa(port),
		"--disable-query-log", "--disable-graphiql")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		_ = log.Close()
		return nil, fmt.Errorf("start the peer: %w", err)
	}
	p := &peer{cmd: cmd, exited: make(chan error, 1), base: "http://127.0.0.1:" + strconv.Itoa(port), version: version}
	go func() { p.exited <- cmd.Wait(); _ = log.Close() }()
	client := &http.Client{Timeout: 5 * time.Second}
	k := peerKind(version)
	for begun := time.Now(); time.Since(begun) < time.Minute; time.Sleep(100 * time.Millisecond) {
		select {
		case err := <-p.exited:
			p.exited <- err
			return nil, fmt.Errorf("the peer exited during start-up: %v (see %s)", err, logPath)
		case <-ctx.Done():
			p.stop()
			return nil, ctx.Err()
		default:
		}
		if status, body, err := send(client, k.request(p.base).WithContext(ctx)); err == nil && k.ok(status, body) {
			return p, nil
		}
	}
	p.stop()
	return nil, fmt.Errorf("the peer did not answer within a minute (see %s)", logPath)
}

func (p *peer) target(dbCPU func() (time.Duration, error)) target {
	pid := p.cmd.Process.Pid
	return target{base: p.base, cpu: func() (time.Duration, error) { return treeCPU(pid) }, dbCPU: dbCPU}
}

func (p *peer) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// sameTitles compares relocate's answer to topics10 with the peer's to
// its equivalent: the article titles in order. It says how they compare,
// for the report.
func sameTitles(relocate, peer []byte) (string, error) {
	var r struct {
		Data struct {
			GuideCategories []struct {
				Articles struct {
					Edges []struct {
						Node struct{ Title string }
					}
				}
			}
		}
	}
	var p struct {
		Data struct {
			AllGuideCategories struct {
				Nodes []struct {
					GuideArticlesByCategoryID struct {
						Nodes []struct {
							GuideArticleTranslationsByArticleID struct {
								Nodes []struct{ Title string }
							}
						}
					} `json:"guideArticlesByCategoryId"`
				}
			}
		}
	}
	if err := json.Unmarshal(relocate, &r); err != nil {
		return "", fmt.Errorf("relocate's answer: %w", err)
	}
	if err := json.Unmarshal(peer, &p); err != nil {
		return "", fmt.Errorf("the peer's answer: %w", err)
	}
	var ours, theirs []string
	for _, c := range r.Data.GuideCategories {
		for _, e := range c.Articles.Edges {
			ours = append(ours, e.Node.Title)
		}
	}
	for _, c := range p.Data.AllGuideCategories.Nodes {
		for _, a := range c.GuideArticlesByCategoryID.Nodes {
			for _, t := range a.GuideArticleTranslationsByArticleID.Nodes {
				theirs = append(theirs, t.Title)
			}
		}
	}
	if len(ours) == 0 {
		return "", errors.New("relocate's answer lists no article")
	}
	if slices.Equal(ours, theirs) {
		return fmt.Sprintf("the same %d titles in the same order", len(ours)), nil
	}
	return fmt.Sprintf("answers differ: relocate lists %d titles, the peer %d", len(ours), len(theirs)), nil
}

// measurePeer starts the peer on dbURL, checks its answer against
// relocate's topics10 (read from relocate at base) and measures it like a
// kind, each run between two runs of the limit. The row it returns is
// the peer's; a peer that cannot start is a row not measured.
func (b *bench) measurePeer(ctx context.Context, dbURL, base string, dbCPU func() (time.Duration, error), n int, label string) (row, error) {
	p, err := startPeer(ctx, b.opts.peer, dbURL, filepath.Join(b.dir, fmt.Sprintf("peer-postgres-x%d.log", n)))
	if err != nil {
		return row{kind: peerKind("PostGraphile"), skipped: err.Error()}, nil
	}
	defer p.stop()
	k := peerKind(p.version)
	client := newClient(1, time.Minute)
	defer client.CloseIdleConnections()
	ours := kinds[slices.IndexFunc(kinds, func(k kind) bool { return k.id == "topics10" })]
	_, relocateBody, err1 := send(client, ours.request(base).WithContext(ctx))
	_, peerBody, err2 := send(client, k.request(p.base).WithContext(ctx))
	if err := errors.Join(err1, err2); err != nil {
		return row{kind: k, skipped: err.Error()}, nil
	}
	same, err := sameTitles(relocateBody, peerBody)
	if err != nil {
		return row{kind: k, skipped: err.Error()}, nil
	}
	k.label += "; " + same
	x := row{kind: k}
	b.logf("%s: %s", label, k.label)
	before, err := b.limitRun(ctx)
	if err != nil {
		return x, err
	}
	t := p.target(dbCPU)
	for round := range b.opts.rounds {
		b.logf("%s: round %d, %s", label, round+1, k.id)
		if before, err = b.runOnce(ctx, t, &x, "", before, label); err != nil {
			return x, err
		}
	}
	return x, nil
}
