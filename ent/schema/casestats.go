package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	gen "relocate/ent"
	entcasefile "relocate/ent/casefile"
	"relocate/ent/casesupportneed"
	"relocate/ent/hook"
	entperson "relocate/ent/person"
	"relocate/ent/privacy"
	"relocate/ent/schema/schematype"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// CaseSupportNeed is one support need of a case, a row of its own: the
// case's support_needs (the list as staff wrote it) spread out, so that
// the cases with a need and the cases by need are found and counted from
// an index. Kept by the case's hook (caseDerived), never written
// otherwise.
type CaseSupportNeed struct{ ent.Schema }

// Fields of the CaseSupportNeed.
func (CaseSupportNeed) Fields() []ent.Field {
	return []ent.Field{
		field.Int("case_id").Immutable(),
		field.String("need").Immutable().NotEmpty().Comment("A key of the guide's topics, as in the case's support_needs."),
	}
}

// Edges of the CaseSupportNeed: it goes with its case.
func (CaseSupportNeed) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("case_file", CaseFile.Type).Unique().Required().Immutable().Field("case_id").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the CaseSupportNeed: a case's needs, and the cases of a need
// (the filter and the counts read this one alone).
func (CaseSupportNeed) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("case_id", "need").Unique(),
		index.Fields("need", "case_id"),
	}
}

// Policy of the CaseSupportNeed: the system's business only; the rows are
// read through the cases they belong to.
func (CaseSupportNeed) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.Hidden()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Refused()},
	}
}

// Annotations of the CaseSupportNeed.
func (CaseSupportNeed) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll), PersonalData{}}
}

// caseDerived keeps what the statistics read of a case in step with the
// case, in the change's transaction, whoever changes it: the days from
// opening to arrival and from arrival to closing, the nationality of its
// person (personNationality keeps it when the person's changes), its
// support needs as rows of their own and their key. The one home of these rules; the
// migrations fill the same values in for rows written before.
func caseDerived(next ent.Mutator) ent.Mutator {
	return hook.CaseFileFunc(func(ctx context.Context, m *gen.CaseFileMutation) (gen.Value, error) {
		sys := viewer.SystemContext(ctx)
		_, opened := m.OpenedOn()
		_, arrived := m.ArrivedOn()
		_, closed := m.ClosedOn()
		_, status := m.Status()
		dates := opened || arrived || closed || status || m.ArrivedOnCleared() || m.ClosedOnCleared()
		_, needsSet := m.SupportNeeds()
		_, appended := m.AppendedSupportNeeds()
		needs := needsSet || appended || m.SupportNeedsCleared()
		create, one := m.Op().Is(ent.OpCreate), m.Op().Is(ent.OpUpdateOne)
		if !create && !dates && !needs {
			return next.Mutate(ctx, m)
		}
		if create || (one && dates) {
			if err := setDays(ctx, m); err != nil {
				return nil, err
			}
		}
		if set, _ := m.SupportNeeds(); create || (one && needsSet && !appended) {
			m.SetSupportNeedsKey(needsKey(set))
		}
		if create {
			person, _ := m.PersonID()
			// An unknown person is refused by the foreign key.
			p, err := m.Client().Person.Query().Where(entperson.ID(person)).Select(entperson.FieldNationality).Only(sys)
			if err != nil && !gen.IsNotFound(err) {
				return nil, fmt.Errorf("schema: case: nationality of person %d: %w", person, err)
			}
			if p != nil && p.Nationality != "" {
				m.SetPersonNationality(p.Nationality)
			}
		}
		var ids []int
		switch id, ok := m.ID(); {
		case ok:
			ids = []int{id}
		case !create:
			var err error
			if ids, err = m.IDs(sys); err != nil {
				return nil, fmt.Errorf("schema: case: cases changed: %w", err)
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		c := m.Client()
		switch set, _ := m.SupportNeeds(); {
		case create:
			cf, ok := v.(*gen.CaseFile)
			if !ok {
				return nil, fmt.Errorf("schema: case: a new case is %T", v)
			}
			return v, insertNeeds(sys, c, cf.ID, cf.SupportNeeds)
		case one && !needs:
			return v, nil
		case one && needsSet && !appended:
			return v, replaceNeeds(sys, c, ids[0], set)
		}
		for _, id := range ids {
			cf, err := c.CaseFile.Query().Where(entcasefile.ID(id)).
				Select(entcasefile.FieldSupportNeeds, entcasefile.FieldStatus, entcasefile.FieldOpenedOn,
					entcasefile.FieldArrivedOn, entcasefile.FieldClosedOn,
					entcasefile.FieldDaysToArrival, entcasefile.FieldDaysArrivalToClosing).Only(sys)
			if err != nil {
				return nil, fmt.Errorf("schema: case %d: %w", id, err)
			}
			if needs {
				if err := replaceNeeds(sys, c, id, cf.SupportNeeds); err != nil {
					return nil, err
				}
				if err := c.CaseFile.UpdateOneID(id).SetSupportNeedsKey(needsKey(cf.SupportNeeds)).Exec(sys); err != nil {
					return nil, fmt.Errorf("schema: case %d: support needs: %w", id, err)
				}
			}
			// A change of many cases at once (no service makes one): their
			// days are worked out after it, one case at a time.
			toArrival, arrivalToClosing := durations(cf.Status, cf.OpenedOn, cf.ArrivedOn, cf.ClosedOn)
			if !one && dates && (!sameInt(toArrival, cf.DaysToArrival) || !sameInt(arrivalToClosing, cf.DaysArrivalToClosing)) {
				u := c.CaseFile.UpdateOneID(id)
				if toArrival == nil {
					u.ClearDaysToArrival()
				}
				if arrivalToClosing == nil {
					u.ClearDaysArrivalToClosing()
				}
				u.SetNillableDaysToArrival(toArrival).SetNillableDaysArrivalToClosing(arrivalToClosing)
				if err := u.Exec(sys); err != nil {
					return nil, fmt.Errorf("schema: case %d: days: %w", id, err)
				}
			}
		}
		return v, nil
	})
}

// setDays sets the days to arrival and from arrival to closing of the one
// case m creates or changes, from its values once m is done.
func setDays(ctx context.Context, m *gen.CaseFileMutation) error {
	status, err := valueAfter(ctx, m, "status")
	if err != nil {
		return err
	}
	var at [3]*time.Time
	for i, f := range []string{"opened_on", "arrived_on", "closed_on"} {
		if at[i], err = timeAfter(ctx, m, f); err != nil {
			return err
		}
	}
	if at[0] == nil {
		return nil // refused by ent: opened_on is required
	}
	s, _ := status.(schematype.CaseStatus)
	toArrival, arrivalToClosing := durations(s, *at[0], at[1], at[2])
	if toArrival != nil {
		m.SetDaysToArrival(*toArrival)
	} else if !m.Op().Is(ent.OpCreate) {
		m.ClearDaysToArrival()
	}
	if arrivalToClosing != nil {
		m.SetDaysArrivalToClosing(*arrivalToClosing)
	} else if !m.Op().Is(ent.OpCreate) {
		m.ClearDaysArrivalToClosing()
	}
	return nil
}

// durations returns the days from opening to arrival (nil without an
// arrival) and from arrival to closing (nil unless the case is closed
// after its arrival), in calendar days as stored (UTC).
func durations(status schematype.CaseStatus, opened time.Time, arrived, closed *time.Time) (toArrival, arrivalToClosing *int) {
	days := func(from, to time.Time) *int {
		f, t := from.UTC(), to.UTC()
		d := int(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).
			Sub(time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
		return &d
	}
	if arrived == nil {
		return nil, nil
	}
	toArrival = days(opened, *arrived)
	if status == schematype.CaseClosed && closed != nil {
		arrivalToClosing = days(*arrived, *closed)
	}
	return toArrival, arrivalToClosing
}

// sameInt reports whether a and b are both nil or equal.
func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// needsKey is the key of support needs: each once, in order, as a JSON
// array.
func needsKey(needs []string) string {
	key := []string{}
	for _, n := range needs {
		if !slices.Contains(key, n) {
			key = append(key, n)
		}
	}
	slices.Sort(key)
	b, _ := json.Marshal(key) // a list of strings always marshals
	return string(b)
}

// replaceNeeds replaces the rows of the support needs of case id.
func replaceNeeds(ctx context.Context, c *gen.Client, id int, needs []string) error {
	if _, err := c.CaseSupportNeed.Delete().Where(casesupportneed.CaseID(id)).Exec(ctx); err != nil {
		return fmt.Errorf("schema: case %d: support needs: %w", id, err)
	}
	return insertNeeds(ctx, c, id, needs)
}

// insertNeeds writes the rows of the support needs of case id (each once).
func insertNeeds(ctx context.Context, c *gen.Client, id int, needs []string) error {
	var rows []*gen.CaseSupportNeedCreate
	seen := map[string]bool{}
	for _, n := range needs {
		if !seen[n] {
			seen[n] = true
			rows = append(rows, c.CaseSupportNeed.Create().SetCaseID(id).SetNeed(n))
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := c.CaseSupportNeed.CreateBulk(rows...).Exec(ctx); err != nil {
		return fmt.Errorf("schema: case %d: support needs: %w", id, err)
	}
	return nil
}

// personNationality copies a change of people's nationality to their
// cases (see caseDerived).
func personNationality(next ent.Mutator) ent.Mutator {
	return hook.PersonFunc(func(ctx context.Context, m *gen.PersonMutation) (gen.Value, error) {
		nationality, set := m.Nationality()
		if !set && !m.NationalityCleared() || m.Op().Is(ent.OpCreate) {
			return next.Mutate(ctx, m)
		}
		sys := viewer.SystemContext(ctx)
		ids, err := m.IDs(sys)
		if err != nil {
			return nil, fmt.Errorf("schema: person: people changed: %w", err)
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		u := m.Client().CaseFile.Update().Where(entcasefile.PersonIDIn(ids...))
		if set && nationality != "" {
			u.SetPersonNationality(nationality)
		} else {
			u.ClearPersonNationality()
		}
		if err := u.Exec(sys); err != nil {
			return nil, fmt.Errorf("schema: person: nationality of the cases of %v: %w", ids, err)
		}
		return v, nil
	})
}
