package guide

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"relocate/ent"
	"relocate/ent/glossaryterm"
	"relocate/ent/guidearticle"
	"relocate/ent/guidecategory"
	"relocate/ent/guidechange"
	"relocate/ent/place"
	"relocate/ent/placecategory"
	"relocate/ent/schema/schematype"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Snapshot is the published guide in memory: every topic, article, place
// and glossary term a public reader may see, with their published texts,
// indexed by slug and key. A snapshot is never changed once built; a
// change of content builds a new one, which replaces it atomically, so a
// request sees one version of the guide from its first field to its
// last. The objects are shared by all requests and must only be read.
//
// What depends on the reader's language preference (the body with its
// guide: links resolved, its HTML, the glossary terms it uses) is worked
// out once per article and preference chain, on first use, and kept with
// the snapshot.
type Snapshot struct {
	// Version is the change log's largest ID when the snapshot was read
	// (it may already contain later changes; never misses earlier ones).
	Version int
	// Built is when the snapshot was read.
	Built time.Time

	topics       []*ent.GuideCategory // top-level, reading order
	topicByID    map[int]*ent.GuideCategory
	topicSlugs   map[string][]slugRef
	articles     ordered[*ent.GuideArticle] // by ID
	articleByID  map[int]*ent.GuideArticle
	articleByKey map[string]*ent.GuideArticle
	articleSlugs map[string][]slugRef
	byTopic      map[int]ordered[*ent.GuideArticle] // reading order
	links        slugIndex
	linkedFrom   map[string][]string // article key → keys of the articles linking to it
	linksOut     map[int][]string    // article ID → keys of the articles it links to
	related      map[int][]*ent.GuideArticle
	relatedGone  map[string][]string // key of an article not published → keys of the published articles listing it as related
	placeCats    []*ent.PlaceCategory
	places       ordered[*ent.Place] // by name
	placeByKey   map[string]*ent.Place
	spoken       []string
	terms        ordered[*ent.GlossaryTerm] // A–Z

	rendered sync.Map // renderKey → *rendering

	// For search: the article of each published text, by the text's
	// ID, and the words of the texts that hits have shown.
	articleByText map[int]*ent.GuideArticle
	searchTexts   sync.Map // article translation ID → *searchText

	// The content languages in display order, and the share of the
	// articles with an up-to-date human translation in each.
	languages    []*ent.Language
	completeness map[lang.Code]float64
}

// slugRef is an object's slug in one language.
type slugRef struct {
	id   int
	lang lang.Code
}

// ordered is a list in one order with the position of each ID, so that a
// page after a cursor is found without a scan.
type ordered[T any] struct {
	items []T
	pos   map[int]int
}

func newOrdered[T any](items []T, id func(T) int) ordered[T] {
	o := ordered[T]{items: items, pos: make(map[int]int, len(items))}
	for i, it := range items {
		o.pos[id(it)] = i
	}
	return o
}

// renderKey names what an article looks like to one preference chain.
type renderKey struct {
	id    int
	chain string
}

// rendering is an article's text as served to one preference chain.
type rendering struct {
	once  sync.Once
	body  string
	html  string
	terms []*ent.GlossaryTerm
	err   error
}

// snapshots holds the current snapshot and keeps it current.
type snapshots struct {
	current atomic.Pointer[Snapshot]
	build   sync.Mutex // one rebuild at a time
	stop    context.CancelFunc
	done    chan struct{}
}

// Snapshot returns the current snapshot; nil before Start.
func (s *Service) Snapshot() *Snapshot { return s.snaps.current.Load() }

// RequestSnapshot returns the snapshot the request of ctx reads (the one
// current when it first asked); nil before Start.
func (s *Service) RequestSnapshot(ctx context.Context) *Snapshot { return s.pinned(ctx) }

// Start builds the first snapshot and keeps it current: every poll
// interval it reads the content version (one indexed statement) and
// rebuilds when another instance changed content. Changes made through
// this instance rebuild it before their commit returns. Stop ends it.
func (s *Service) Start(ctx context.Context, poll time.Duration, log *slog.Logger) error {
	if _, err := s.refresh(ctx, 0); err != nil {
		return err
	}
	if poll <= 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s.snaps.stop, s.snaps.done = cancel, make(chan struct{})
	go func() {
		defer close(s.snaps.done)
		t := time.NewTicker(poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				v, err := s.version(ctx)
				if err != nil {
					if ctx.Err() == nil {
						log.Warn("guide: poll the content version", slog.Any("err", err))
					}
					continue
				}
				if v > s.Snapshot().Version {
					if _, err := s.refresh(ctx, v); err != nil && ctx.Err() == nil {
						log.Error("guide: rebuild the snapshot", slog.Any("err", err))
					}
				}
			}
		}
	}()
	return nil
}

// Stop ends the polling Start began.
func (s *Service) Stop() {
	if s.snaps.stop != nil {
		s.snaps.stop()
		<-s.snaps.done
	}
}

// Current makes sure the snapshot is as new as the database's content,
// reading the content version (one indexed statement), and returns it.
// Pages that must never be served stale or without a database (the
// sitemap, which crawlers keep) call it first.
func (s *Service) Current(ctx context.Context) (*Snapshot, error) {
	v, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	if sn := s.Snapshot(); sn == nil || sn.Version >= v {
		return sn, nil
	}
	return s.refresh(ctx, v)
}

// follow makes the snapshot include change id, committed by this
// instance: it rebuilds unless a snapshot that new is already served.
func (s *Service) follow(ctx context.Context, id int) {
	if sn := s.Snapshot(); sn == nil || sn.Version >= id {
		return
	}
	// The writer's own failure to rebuild does not undo its change; the
	// poller tries again.
	_, _ = s.refresh(context.WithoutCancel(ctx), id)
}

// refresh builds a snapshot of the database's current content and
// serves it, unless one of at least version atLeast is served already:
// writers that queued behind a rebuild are served by it, however many
// committed while it ran (0: rebuild unless the served one is current).
func (s *Service) refresh(ctx context.Context, atLeast int) (*Snapshot, error) {
	s.snaps.build.Lock()
	defer s.snaps.build.Unlock()
	if cur := s.Snapshot(); cur != nil && atLeast > 0 && cur.Version >= atLeast {
		return cur, nil
	}
	v, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	if cur := s.Snapshot(); cur != nil && cur.Version >= v {
		return cur, nil
	}
	sn, err := s.buildSnapshot(ctx, v, s.Snapshot())
	if err != nil {
		return nil, err
	}
	s.snaps.current.Store(sn)
	return sn, nil
}

// snap returns the snapshot to answer ctx's request from: nil when the
// reader may see drafts (staff read the database), inside a transaction
// (a mutation reads its own writes) or before Start.
func (s *Service) snap(ctx context.Context) *Snapshot {
	if ctx.Value(publicKey{}) == nil && (ent.FromContext(ctx) != nil || viewer.FromContext(ctx).Can(viewer.ReadDrafts)) {
		return nil
	}
	return s.pinned(ctx)
}

// pinned returns the snapshot of ctx's request: the one current when the
// request first asked, so that all its fields read one version of the
// guide (the request cache holds it; WithRequestCache).
func (s *Service) pinned(ctx context.Context) *Snapshot {
	sn, _ := cached(ctx, "snapshot", func() (*Snapshot, error) { return s.snaps.current.Load(), nil })
	return sn
}

type publicKey struct{}

// AsPublicReader returns ctx in which the guide answers from the
// snapshot whoever the viewer is: what offline copies hold.
func AsPublicReader(ctx context.Context) context.Context {
	return context.WithValue(ctx, publicKey{}, true)
}

// buildSnapshot reads the published guide, labelled version v (read
// before the content, so the snapshot never claims changes it lacks).
// With prev, the snapshot served now, it reads again only the objects the
// change log names after prev's version (and the few topics and place
// categories), and takes the rest, with their renderings where nothing
// they show changed, from prev: a rebuild after an edit costs what the
// edit changed, not what the guide holds.
func (s *Service) buildSnapshot(ctx context.Context, v int, prev *Snapshot) (*Snapshot, error) {
	ctx = viewer.SystemContext(ctx)
	d, err := s.delta(ctx, prev, v)
	if err != nil {
		return nil, err
	}
	if d == nil {
		prev = nil
	}
	sn := &Snapshot{Version: v, Built: time.Now()}
	if err := sn.loadTopics(ctx, s.client); err != nil {
		return nil, err
	}
	if err := sn.loadArticles(ctx, s.client, s.db, prev, d); err != nil {
		return nil, err
	}
	if err := sn.loadPlaces(ctx, s.client, prev, d); err != nil {
		return nil, err
	}
	if err := sn.loadTerms(ctx, s.client, prev, d); err != nil {
		return nil, err
	}
	if err := sn.loadLanguages(ctx, s.client); err != nil {
		return nil, err
	}
	if prev != nil {
		sn.keepRenderings(prev, d)
	}
	return sn, nil
}

// maxDelta is the number of changes up to which a rebuild reads only
// what changed; after more (a content import), reading everything is as
// quick.
const maxDelta = 500

// delta is what changed between two snapshots: the keys of the changed
// objects of each kind.
type delta map[guidechange.Kind]map[string]bool

// keys returns the changed keys of kind.
func (d delta) keys(kind guidechange.Kind) []string {
	out := make([]string, 0, len(d[kind]))
	for k := range d[kind] {
		out = append(out, k)
	}
	return out
}

// delta reads the changes after prev's version up to v; nil when the
// snapshot is to be read whole: there is no prev, too much changed, or
// the change log no longer holds all of it.
func (s *Service) delta(ctx context.Context, prev *Snapshot, v int) (delta, error) {
	if prev == nil || v-prev.Version > maxDelta {
		return nil, nil
	}
	rows, err := s.client.GuideChange.Query().
		Where(guidechange.IDGT(prev.Version), guidechange.IDLTE(v)).
		Select(guidechange.FieldKind, guidechange.FieldKey).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("guide: read the change log: %w", err)
	}
	// Pruning deletes the oldest entries: read after the changes, the
	// oldest entry still there proves none of them was missing.
	var oldest int
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MIN(id), 0) FROM guide_changes").Scan(&oldest); err != nil {
		return nil, fmt.Errorf("guide: read the change log: %w", err)
	}
	if oldest == 0 || oldest > prev.Version+1 {
		return nil, nil
	}
	d := delta{}
	for _, r := range rows {
		if d[r.Kind] == nil {
			d[r.Kind] = map[string]bool{}
		}
		d[r.Kind][r.Key] = true
	}
	return d, nil
}

// published keeps the published texts of rows.
func published[T any](rows []T, status func(T) schematype.Status) []T {
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		if status(r) == schematype.Published {
			out = append(out, r)
		}
	}
	return out
}

// loadTopics reads every published topic: there are few, and every
// article and subtopic points to its own.
func (sn *Snapshot) loadTopics(ctx context.Context, c *ent.Client) error {
	cats, err := c.GuideCategory.Query().Where(guidecategory.StatusEQ(schematype.Published)).
		Order(guidecategory.ByPosition(), guidecategory.ByID()).WithParent().WithChildren().
		WithNamedChildren("children", func(q *ent.GuideCategoryQuery) {
			q.Where(guidecategory.StatusEQ(schematype.Published)).Order(guidecategory.ByPosition(), guidecategory.ByID())
		}).All(ctx)
	if err != nil {
		return fmt.Errorf("guide: snapshot of the topics: %w", err)
	}
	sn.topicByID = make(map[int]*ent.GuideCategory, len(cats))
	sn.topicSlugs = map[string][]slugRef{}
	for _, t := range cats {
		sn.topicByID[t.ID] = t
		t.Edges.Translations = published(t.Edges.Translations, func(r *ent.GuideCategoryTranslation) schematype.Status { return r.Status })
		for _, tr := range t.Edges.Translations {
			sn.topicSlugs[tr.Slug] = append(sn.topicSlugs[tr.Slug], slugRef{t.ID, tr.Language})
		}
	}
	for _, t := range cats {
		t.Edges.Parent = nil
		if t.ParentID != nil {
			t.Edges.Parent = sn.topicByID[*t.ParentID]
		} else {
			sn.topics = append(sn.topics, t)
		}
		// GraphQL reads edges by their name (ent's named edges): the
		// published children, in reading order, replaced by the snapshot's
		// own objects.
		children, _ := t.NamedChildren("children")
		for i, ch := range children {
			children[i] = sn.topicByID[ch.ID]
		}
		t.Edges.Children = children
	}
	return nil
}

// loadArticles reads the published articles of published topics: all of
// them, or with prev those the change log names (a topic's change names
// its articles), keeping prev's copies of the others.
func (sn *Snapshot) loadArticles(ctx context.Context, c *ent.Client, db *sql.DB, prev *Snapshot, d delta) error {
	ids := make([]int, 0, len(sn.topicByID))
	for id := range sn.topicByID {
		ids = append(ids, id)
	}
	q := c.GuideArticle.Query().Where(guidearticle.StatusEQ(schematype.Published), guidearticle.CategoryIDIn(ids...)).
		Order(guidearticle.ByID())
	var arts []*ent.GuideArticle
	if prev != nil {
		q.Where(guidearticle.KeyIn(d.keys(guidechange.KindARTICLE)...))
		for _, a := range prev.articles.items {
			if !d[guidechange.KindARTICLE][a.Key] {
				cp := *a // prev's readers keep theirs; this one gets the new topic
				arts = append(arts, &cp)
			}
		}
	}
	fresh, err := q.All(ctx)
	if err != nil {
		return fmt.Errorf("guide: snapshot of the articles: %w", err)
	}
	sn.linksOut = make(map[int][]string, len(arts)+len(fresh))
	for _, a := range fresh {
		a.Edges.Translations = published(a.Edges.Translations, func(r *ent.GuideArticleTranslation) schematype.Status { return r.Status })
		sn.outLinks(a)
	}
	arts = append(arts, fresh...)
	slices.SortFunc(arts, func(x, y *ent.GuideArticle) int { return x.ID - y.ID })
	sn.articleByID = make(map[int]*ent.GuideArticle, len(arts))
	sn.articleByKey = make(map[string]*ent.GuideArticle, len(arts))
	sn.articleSlugs = make(map[string][]slugRef, len(arts)*len(lang.All))
	sn.articleByText = make(map[int]*ent.GuideArticle, len(arts)*len(lang.All))
	sn.links = make(slugIndex, len(arts))
	sn.linkedFrom = map[string][]string{}
	topics := map[int][]*ent.GuideArticle{}
	for _, a := range arts {
		if prev != nil && sn.linksOut[a.ID] == nil {
			sn.linksOut[a.ID] = prev.linksOut[a.ID]
		}
		sn.articleByID[a.ID], sn.articleByKey[a.Key] = a, a
		a.Edges.Category = sn.topicByID[a.CategoryID]
		sn.links[a.Key] = make(map[lang.Code]string, len(a.Edges.Translations))
		for _, tr := range a.Edges.Translations {
			sn.articleSlugs[tr.Slug] = append(sn.articleSlugs[tr.Slug], slugRef{a.ID, tr.Language})
			sn.articleByText[tr.ID] = a
			sn.links[a.Key][tr.Language] = tr.Slug
		}
		for _, to := range sn.linksOut[a.ID] {
			sn.linkedFrom[to] = append(sn.linkedFrom[to], a.Key)
		}
		topics[a.CategoryID] = append(topics[a.CategoryID], a)
	}
	id := func(a *ent.GuideArticle) int { return a.ID }
	sn.articles = newOrdered(arts, id)
	sn.byTopic = make(map[int]ordered[*ent.GuideArticle], len(topics))
	for t, as := range topics {
		slices.SortStableFunc(as, func(x, y *ent.GuideArticle) int {
			return cmp.Or(x.Position-y.Position, x.ID-y.ID)
		})
		sn.byTopic[t] = newOrdered(as, id)
	}
	return sn.loadRelated(ctx, c, db)
}

// outLinks notes the keys of the articles a's texts link to.
func (sn *Snapshot) outLinks(a *ent.GuideArticle) {
	out := []string{} // not nil: fresh articles never take prev's
	for _, tr := range a.Edges.Translations {
		for _, m := range guideLink.FindAllStringSubmatch(tr.Body, -1) {
			if !slices.Contains(out, m[2]) {
				out = append(out, m[2])
			}
		}
	}
	sn.linksOut[a.ID] = out
}

// loadRelated reads the related lists, all in one statement: they are
// pairs of IDs, and the articles are the snapshot's. The keys of related
// articles the snapshot does not hold (taken back) are read in a second
// statement, only when there are such.
func (sn *Snapshot) loadRelated(ctx context.Context, c *ent.Client, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, "SELECT "+guidearticle.RelatedPrimaryKey[0]+", "+guidearticle.RelatedPrimaryKey[1]+
		" FROM "+guidearticle.RelatedTable+" ORDER BY 1, 2")
	if err != nil {
		return fmt.Errorf("guide: snapshot of the related articles: %w", err)
	}
	defer rows.Close()
	sn.related = map[int][]*ent.GuideArticle{}
	gone := map[int][]string{} // ID of an article not held → keys of the articles listing it
	for rows.Next() {
		var from, to int
		if err := rows.Scan(&from, &to); err != nil {
			return fmt.Errorf("guide: snapshot of the related articles: %w", err)
		}
		f := sn.articleByID[from]
		if f == nil {
			continue
		}
		if r, ok := sn.articleByID[to]; ok {
			sn.related[from] = append(sn.related[from], r)
		} else {
			gone[to] = append(gone[to], f.Key)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("guide: snapshot of the related articles: %w", err)
	}
	// Whoever lists an article shows it, also once it is taken back:
	// offline copies of those change then too (sync.go).
	sn.relatedGone = map[string][]string{}
	if len(gone) == 0 {
		return nil
	}
	taken, err := c.GuideArticle.Query().Where(guidearticle.IDIn(slices.Collect(maps.Keys(gone))...)).
		Select(guidearticle.FieldID, guidearticle.FieldKey).All(viewer.SystemContext(ctx))
	if err != nil {
		return fmt.Errorf("guide: snapshot of the related articles: %w", err)
	}
	for _, a := range taken {
		sn.relatedGone[a.Key] = gone[a.ID]
	}
	return nil
}

// loadPlaces reads the published place categories (few) and the
// published places in them: all, or with prev those the change log names
// (a category's change names its places), keeping prev's copies of the
// others, in the database's order of names.
func (sn *Snapshot) loadPlaces(ctx context.Context, c *ent.Client, prev *Snapshot, d delta) error {
	cats, err := c.PlaceCategory.Query().Where(placecategory.StatusEQ(schematype.Published)).
		Order(placecategory.ByPosition(), placecategory.ByID()).All(ctx)
	if err != nil {
		return fmt.Errorf("guide: snapshot of the place categories: %w", err)
	}
	byID := make(map[int]*ent.PlaceCategory, len(cats))
	ids := make([]int, len(cats))
	for i, pc := range cats {
		byID[pc.ID], ids[i] = pc, pc.ID
		pc.Edges.Translations = published(pc.Edges.Translations, func(r *ent.PlaceCategoryTranslation) schematype.Status { return r.Status })
	}
	sn.placeCats = cats
	q := c.Place.Query().Where(place.StatusEQ(schematype.Published), place.CategoryIDIn(ids...)).
		Order(place.ByName(), place.ByID())
	var order []int
	if prev != nil {
		if order, err = q.Clone().IDs(ctx); err != nil {
			return fmt.Errorf("guide: snapshot of the places: %w", err)
		}
		q.Where(place.KeyIn(d.keys(guidechange.KindPLACE)...))
	}
	places, err := q.All(ctx)
	if err != nil {
		return fmt.Errorf("guide: snapshot of the places: %w", err)
	}
	for _, p := range places {
		p.Edges.Translations = published(p.Edges.Translations, func(r *ent.PlaceTranslation) schematype.Status { return r.Status })
	}
	if prev != nil {
		places = merged(order, places, prev.places, func(p *ent.Place) int { return p.ID }, func(p *ent.Place) (*ent.Place, bool) {
			cp := *p // prev's readers keep theirs; this one gets the new category
			return &cp, !d[guidechange.KindPLACE][p.Key]
		})
	}
	sn.placeByKey = make(map[string]*ent.Place, len(places))
	for _, p := range places {
		p.Edges.Category = byID[p.CategoryID]
		sn.placeByKey[p.Key] = p
		for _, l := range p.SpokenLanguages {
			if !slices.Contains(sn.spoken, l) {
				sn.spoken = append(sn.spoken, l)
			}
		}
	}
	slices.Sort(sn.spoken)
	sn.places = newOrdered(places, func(p *ent.Place) int { return p.ID })
	return nil
}

// loadTerms reads the published glossary terms: all, or with prev those
// the change log names, keeping prev's others, in the database's A–Z.
func (sn *Snapshot) loadTerms(ctx context.Context, c *ent.Client, prev *Snapshot, d delta) error {
	if prev != nil && len(d[guidechange.KindTERM]) == 0 {
		sn.terms = prev.terms // the same terms in the same order
		return nil
	}
	q := c.GlossaryTerm.Query().Where(glossaryterm.StatusEQ(schematype.Published)).
		Order(glossaryterm.BySortKey(), glossaryterm.ByID())
	var order []int
	if prev != nil {
		var err error
		if order, err = q.Clone().IDs(ctx); err != nil {
			return fmt.Errorf("guide: snapshot of the glossary: %w", err)
		}
		q.Where(glossaryterm.KeyIn(d.keys(guidechange.KindTERM)...))
	}
	terms, err := q.All(ctx)
	if err != nil {
		return fmt.Errorf("guide: snapshot of the glossary: %w", err)
	}
	for _, t := range terms {
		t.Edges.Translations = published(t.Edges.Translations, func(r *ent.GlossaryTermTranslation) schematype.Status { return r.Status })
	}
	if prev != nil {
		terms = merged(order, terms, prev.terms, func(t *ent.GlossaryTerm) int { return t.ID }, func(t *ent.GlossaryTerm) (*ent.GlossaryTerm, bool) {
			return t, !d[guidechange.KindTERM][t.Key] // terms point to nothing else: prev's serves as it is
		})
	}
	sn.terms = newOrdered(terms, func(t *ent.GlossaryTerm) int { return t.ID })
	return nil
}

// merged lists, in the order of the IDs order, the freshly read objects
// and prev's others as keep makes them (false: changed, not kept).
func merged[T any](order []int, fresh []T, prev ordered[T], id func(T) int, keep func(T) (T, bool)) []T {
	byID := make(map[int]T, len(fresh))
	for _, f := range fresh {
		byID[id(f)] = f
	}
	out := make([]T, 0, len(order))
	for _, i := range order {
		if f, ok := byID[i]; ok {
			out = append(out, f)
			continue
		}
		if p, ok := prev.pos[i]; ok {
			if k, ok := keep(prev.items[p]); ok {
				out = append(out, k)
			}
		}
	}
	return out
}

// keepRenderings takes over prev's renderings of the articles whose
// texts, links and glossary did not change (a rendering shows the texts,
// the paths of the articles it links to and the terms it uses).
func (sn *Snapshot) keepRenderings(prev *Snapshot, d delta) {
	if len(d[guidechange.KindTERM]) > 0 {
		return
	}
	stale := map[string]bool{}
	for key := range d[guidechange.KindARTICLE] {
		stale[key] = true
		for _, from := range prev.linkedFrom[key] {
			stale[from] = true
		}
	}
	prev.rendered.Range(func(k, v any) bool {
		if a := sn.articleByID[k.(renderKey).id]; a != nil && !stale[a.Key] {
			sn.rendered.Store(k, v)
		}
		return true
	})
}

// bySlug finds the object whose slug in any language is slug, preferring
// the languages of chain, then any.
func bySlug(refs []slugRef, chain []lang.Code) (int, bool) {
	for _, l := range slices.Concat(chain, lang.All) {
		for _, r := range refs {
			if r.lang == l {
				return r.id, true
			}
		}
	}
	return 0, false
}

// render returns article a as served to chain, working it out on first
// use.
func (s *Service) render(sn *Snapshot, a *ent.GuideArticle, chain []lang.Code) (*rendering, error) {
	k := renderKey{a.ID, chainKey(chain)}
	v, _ := sn.rendered.LoadOrStore(k, &rendering{})
	r := v.(*rendering)
	r.once.Do(func() {
		t := pick(a.Edges.Translations, articleMeta, chain, a.SourceRevision)
		if !t.Found {
			return
		}
		r.body = rewriteLinks(t.Text.Body, linkResolver(sn.links, chain))
		if r.html, r.err = s.markdown.HTML(r.body); r.err != nil {
			return
		}
		r.terms = termsIn(sn.terms.items, t.Text.Title+"\n"+t.Text.Summary+"\n"+s.markdown.PlainText(t.Text.Body))
	})
	return r, r.err
}

func chainKey(chain []lang.Code) string {
	var b strings.Builder
	for _, l := range chain {
		b.WriteString(string(l))
	}
	return b.String()
}
