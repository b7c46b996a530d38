// Package demo makes up case management data for trying the dashboards
// and for benchmarks: companies of the Magdeburg region with vacancies,
// newcomers with Latvian, Russian-Latvian and German names, their
// consents and families, and cases in every status with tasks from the
// checklist templates, appointments, notes, referrals, recognition
// procedures and trainings.
//
// The same seed and day make the same data. Companies, people, cases and
// trainings it makes are marked demo (their demo field); it refuses to
// add to a database that holds a real case or person, or demo cases
// already. Rows are written with bulk inserts, in one transaction per
// batch of cases, past the services (no timeline entry or audit per row,
// and no hooks of the services: tasks and next-due dates are made here).
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/checklistitem"
	"relocate/ent/counter"
	"relocate/ent/guidearticle"
	"relocate/ent/guidecategory"
	"relocate/ent/person"
	"relocate/ent/place"
	"relocate/ent/schema/schematype"
	"relocate/ent/user"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// Options say what to make.
type Options struct {
	// Cases is how many cases (and people) to make.
	Cases int
	// Seed picks the data: the same seed makes the same data.
	Seed uint64
	// Today is the day the data is made for (its dates lie around it);
	// zero: today.
	Today time.Time
	// Batch is how many cases go into one transaction; 0: 1000.
	Batch int
}

// Report counts what was made.
type Report struct {
	Companies, Vacancies, Caseworkers, Persons, Consents, Cases, Tasks int
	Appointments, Notes, Referrals, Recognitions, Trainings            int
}

// Errors of Generate.
var (
	// ErrRealData: the database holds cases or people not made by demo.
	ErrRealData = errors.New("demo: the database holds real case data (cases or people not made by `relocate demo`); demo data is only added to a database without them")
	// ErrDemoPresent: demo cases were made before.
	ErrDemoPresent = errors.New("demo: the database holds demo cases already")
)

// Generate makes o.Cases cases with everything around them on client (a
// client without the services' hooks, see the package documentation).
func Generate(ctx context.Context, client *ent.Client, o Options) (Report, error) {
	ctx = viewer.SystemContext(ctx)
	if o.Cases < 1 {
		return Report{}, errors.New("demo: --cases must be at least 1")
	}
	if o.Batch <= 0 {
		o.Batch = 1000
	}
	if o.Today.IsZero() {
		o.Today = schematype.Today(time.Now())
	}
	o.Today = schematype.DateOf(o.Today)
	if err := refuse(ctx, client); err != nil {
		return Report{}, err
	}
	g := &generator{o: o, rnd: rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed)), years: map[int]int{}}
	if err := g.load(ctx, client); err != nil {
		return Report{}, err
	}
	if err := inTx(ctx, client, func(tx *ent.Client) error { return g.employers(ctx, tx) }); err != nil {
		return g.report, err
	}
	for first := 0; first < o.Cases; first += o.Batch {
		n := min(o.Batch, o.Cases-first)
		if err := inTx(ctx, client, func(tx *ent.Client) error { return g.cases(ctx, tx, first, n) }); err != nil {
			return g.report, err
		}
	}
	err := inTx(ctx, client, func(tx *ent.Client) error {
		if err := g.trainings(ctx, tx); err != nil {
			return err
		}
		return g.counters(ctx, tx)
	})
	if err != nil {
		return g.report, err
	}
	// The planner's statistics, as after a day of autovacuum: a bulk load
	// leaves none.
	if _, err := client.ExecContext(ctx, "ANALYZE"); err != nil {
		return g.report, fmt.Errorf("demo: analyze: %w", err)
	}
	return g.report, nil
}

// refuse returns why demo data may not be added to the database.
func refuse(ctx context.Context, c *ent.Client) error {
	real, err := c.CaseFile.Query().Where(casefile.Demo(false)).Exist(ctx)
	if err == nil && !real {
		real, err = c.Person.Query().Where(person.Demo(false)).Exist(ctx)
	}
	if err != nil {
		return fmt.Errorf("demo: look for real data: %w", err)
	}
	if real {
		return ErrRealData
	}
	if ok, err := c.CaseFile.Query().Exist(ctx); err != nil {
		return fmt.Errorf("demo: look for demo data: %w", err)
	} else if ok {
		return ErrDemoPresent
	}
	return nil
}

// inTx runs fn in a transaction, committed when fn returns nil.
func inTx(ctx context.Context, c *ent.Client, fn func(*ent.Client) error) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("demo: begin: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	return nil
}

// step is a checklist template step, as tasks are made of it.
type step struct {
	id, offset       int
	startOfWork      bool
	title            string // German
	topic            string
	article, placeID *int
}

// generator holds what the data is made of and what was made.
type generator struct {
	o      Options
	rnd    *rand.Rand
	report Report

	topics      []string          // support needs: topics with checklist steps
	steps       map[string][]step // by topic
	partners    []*ent.Partner
	places      []int // places of appointments
	caseworkers []int
	vacancies   []vacancyRef
	companies   []int
	years       map[int]int // the last case number of each year
}

// vacancyRef is a vacancy as cases are placed in it.
type vacancyRef struct {
	id         int
	kind       casefile.Kind
	occupation occupation
}

// load reads the content demo data refers to: checklist steps, guide
// topics, partners, places, and the caseworkers (made when there are
// none).
func (g *generator) load(ctx context.Context, c *ent.Client) error {
	items, err := c.ChecklistItem.Query().Where(checklistitem.Archived(false)).WithTranslations().
		Order(checklistitem.ByTopic(), checklistitem.ByPosition(), checklistitem.ByID()).All(ctx)
	if err != nil {
		return fmt.Errorf("demo: checklist steps: %w", err)
	}
	topics, err := c.GuideCategory.Query().Select(guidecategory.FieldKey).Strings(ctx)
	if err != nil {
		return fmt.Errorf("demo: topics: %w", err)
	}
	articles, places, err := keys(ctx, c)
	if err != nil {
		return err
	}
	g.steps = map[string][]step{}
	for _, it := range items {
		st := step{id: it.ID, offset: it.DueOffsetDays, startOfWork: it.DueAnchor == checklistitem.DueAnchorSTART_OF_WORK,
			title: it.Key, topic: it.Topic}
		for _, t := range it.Edges.Translations {
			if t.Language == lang.Source {
				st.title = t.Title
			}
		}
		if id, ok := articles[it.ArticleKey]; ok {
			st.article = &id
		}
		if id, ok := places[it.PlaceKey]; ok {
			st.placeID = &id
		}
		if len(g.steps[it.Topic]) == 0 && contains(topics, it.Topic) {
			g.topics = append(g.topics, it.Topic)
		}
		g.steps[it.Topic] = append(g.steps[it.Topic], st)
	}
	if len(g.topics) == 0 {
		g.topics = topics
	}
	for _, k := range []string{"buergerbueros", "auslaenderbehoerde", "agentur-fuer-arbeit", "vhs-magdeburg", "iq-anerkennungsberatung"} {
		if id, ok := places[k]; ok {
			g.places = append(g.places, id)
		}
	}
	if g.partners, err = c.Partner.Query().Order(ent.Asc("id")).All(ctx); err != nil {
		return fmt.Errorf("demo: partners: %w", err)
	}
	return g.loadCaseworkers(ctx, c)
}

// keys returns the IDs of the guide's articles and places by key.
func keys(ctx context.Context, c *ent.Client) (articles, places map[string]int, err error) {
	var rows []struct {
		ID  int    `json:"id"`
		Key string `json:"key"`
	}
	articles, places = map[string]int{}, map[string]int{}
	if err := c.GuideArticle.Query().Select(guidearticle.FieldID, guidearticle.FieldKey).Scan(ctx, &rows); err != nil {
		return nil, nil, fmt.Errorf("demo: articles: %w", err)
	}
	for _, r := range rows {
		articles[r.Key] = r.ID
	}
	rows = nil
	if err := c.Place.Query().Select(place.FieldID, place.FieldKey).Scan(ctx, &rows); err != nil {
		return nil, nil, fmt.Errorf("demo: places: %w", err)
	}
	for _, r := range rows {
		places[r.Key] = r.ID
	}
	return articles, places, nil
}

// loadCaseworkers finds the active caseworkers, by ID; when there is none
// it makes demo caseworker accounts that cannot sign in (no password).
func (g *generator) loadCaseworkers(ctx context.Context, c *ent.Client) error {
	users, err := c.User.Query().Where(user.Active(true)).Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("demo: caseworkers: %w", err)
	}
	for _, u := range users {
		if contains(u.Roles, viewer.Caseworker) {
			g.caseworkers = append(g.caseworkers, u.ID)
		}
	}
	if len(g.caseworkers) > 0 {
		return nil
	}
	for i := range min(max(g.o.Cases/2000, 2), 50) {
		u, err := c.User.Create().SetEmail(fmt.Sprintf("caseworker-%d@demo.invalid", i+1)).
			SetDisplayName(fmt.Sprintf("Demo-Fallbetreuung %d", i+1)).SetPasswordHash("!").
			SetRoles([]viewer.Role{viewer.Caseworker}).Save(ctx)
		if err != nil {
			return fmt.Errorf("demo: caseworker: %w", err)
		}
		g.caseworkers = append(g.caseworkers, u.ID)
		g.report.Caseworkers++
	}
	return nil
}

// counters moves the counters of case references past the demo cases',
// so that the next case opened gets the next number of its year.
func (g *generator) counters(ctx context.Context, c *ent.Client) error {
	for year, last := range g.years {
		name := fmt.Sprintf("case-reference-%d", year)
		err := c.Counter.Create().SetName(name).SetValue(last).OnConflictColumns(counter.FieldName).
			Update(func(u *ent.CounterUpsert) { u.SetValue(last) }).Exec(ctx)
		if err != nil {
			return fmt.Errorf("demo: counter %s: %w", name, err)
		}
	}
	return nil
}

// Helpers of random choice.

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// chance reports true with probability p.
func (g *generator) chance(p float64) bool { return g.rnd.Float64() < p }

// between returns a whole number from lo to hi.
func (g *generator) between(lo, hi int) int { return lo + g.rnd.IntN(hi-lo+1) }

// day returns today moved by days.
func (g *generator) day(days int) time.Time { return g.o.Today.AddDate(0, 0, days) }

func contains[T comparable](s []T, v T) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
