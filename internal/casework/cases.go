package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/casenote"
	"relocate/ent/casesupportneed"
	"relocate/ent/consent"
	"relocate/ent/counter"
	"relocate/ent/guidecategory"
	"relocate/ent/person"
	"relocate/ent/predicate"
	"relocate/ent/schema/schematype"
	"relocate/ent/timelineentry"
	"relocate/ent/user"
	"relocate/ent/vacancy"
	"relocate/internal/apperr"
	"relocate/internal/casesearch"
	"relocate/internal/paging"
	"relocate/internal/viewer"
	"relocate/locales"
)

// OpenCaseInput is a case to open for a person.
type OpenCaseInput struct {
	PersonID     int
	Kind         casefile.Kind
	VacancyID    *int
	CaseworkerID *int // nil: the viewer, when a caseworker
	SupportNeeds []string
	OpenedOn     *time.Time // nil: today
	StartDate    *time.Time
}

// OpenCase opens a case for a person, in status INQUIRY, with the next
// reference of the year it is opened in (RS-2026-0001, RS-2026-0002 …).
// The person's data may be processed only with a legal basis: a
// CASE_PROCESSING consent or another recorded basis must hold.
func (s *Service) OpenCase(ctx context.Context, in OpenCaseInput) (*ent.CaseFile, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		if ok, err := tx.Person.Query().Where(person.ID(in.PersonID)).Exist(ctx); err != nil {
			return fmt.Errorf("casework: find person: %w", err)
		} else if !ok {
			f.Check("personId", errUnknown)
		} else if ok, err := covered(ctx, tx, in.PersonID, consent.PurposeCASE_PROCESSING); err != nil {
			return err
		} else if !ok {
			f.Check("personId", errNoLegalBasis)
		}
		if in.VacancyID != nil {
			if err := s.checkVacancy(ctx, tx, &f, "vacancyId", *in.VacancyID); err != nil {
				return err
			}
		}
		caseworker := in.CaseworkerID
		if v := viewer.FromContext(ctx); caseworker == nil && v.Has(viewer.Caseworker) && !v.System {
			caseworker = &v.UserID
		}
		if caseworker != nil {
			if err := checkCaseworker(ctx, tx, &f, "caseworkerId", *caseworker); err != nil {
				return err
			}
		}
		needs, err := s.checkNeeds(ctx, tx, &f, in.SupportNeeds)
		if err != nil {
			return err
		}
		opened := s.today()
		if in.OpenedOn != nil {
			opened = schematype.DateOf(*in.OpenedOn)
		}
		if err := f.Err(); err != nil {
			return err
		}
		ref, err := s.nextReference(ctx, tx, opened.Year())
		if err != nil {
			return err
		}
		c := tx.CaseFile.Create().SetReference(ref).SetPersonID(in.PersonID).SetKind(in.Kind).
			SetNillableVacancyID(in.VacancyID).SetNillableCaseworkerID(caseworker).SetSupportNeeds(needs).
			SetOpenedOn(opened).SetStatus(Inquiry)
		if in.StartDate != nil {
			c.SetStartDate(schematype.DateOf(*in.StartDate))
		}
		cf, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("casework: open case: %w", err)
		}
		id = cf.ID
		return s.record(ctx, tx, id, timelineentry.KindOPENED, ref, 0)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).CaseFile.Get(ctx, id)
}

// nextReference returns the next case reference of year. The counter row
// of the year is incremented in the caller's transaction: a concurrent
// transaction waits for it (or, on SQLite, for the write lock) and takes
// the next number. References made otherwise (imported, demo data) are
// skipped.
func (s *Service) nextReference(ctx context.Context, tx *ent.Client, year int) (string, error) {
	sys := viewer.SystemContext(ctx)
	name := fmt.Sprintf("case-reference-%d", year)
	for {
		id, err := tx.Counter.Create().SetName(name).SetValue(1).
			OnConflictColumns(counter.FieldName).Update(func(u *ent.CounterUpsert) { u.AddValue(1) }).ID(sys)
		if err != nil {
			return "", fmt.Errorf("casework: count case references: %w", err)
		}
		n, err := tx.Counter.Query().Where(counter.ID(id)).Only(sys)
		if err != nil {
			return "", fmt.Errorf("casework: count case references: %w", err)
		}
		ref := fmt.Sprintf("RS-%d-%04d", year, n.Value)
		taken, err := tx.CaseFile.Query().Where(casefile.Reference(ref)).Exist(sys)
		if err != nil {
			return "", fmt.Errorf("casework: find reference %s: %w", ref, err)
		}
		if !taken {
			return ref, nil
		}
	}
}

// checkVacancy checks that vacancy id exists and is open.
func (s *Service) checkVacancy(ctx context.Context, tx *ent.Client, f *apperr.Fields, path string, id int) error {
	v, err := tx.Vacancy.Get(ctx, id)
	switch {
	case ent.IsNotFound(err):
		f.Check(path, errUnknown)
	case err != nil:
		return fmt.Errorf("casework: find vacancy %d: %w", id, err)
	case v.Status == vacancy.StatusCANCELLED:
		f.Check(path, errVacancyCancelled)
	}
	return nil
}

// checkCaseworker checks that user id is an active caseworker.
func checkCaseworker(ctx context.Context, tx *ent.Client, f *apperr.Fields, path string, id int) error {
	u, err := tx.User.Query().Where(user.ID(id)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		f.Check(path, errNotCaseworker)
	case err != nil:
		return fmt.Errorf("casework: find caseworker %d: %w", id, err)
	case !u.Active || !slices.Contains(u.Roles, viewer.Caseworker):
		f.Check(path, errNotCaseworker)
	}
	return nil
}

// checkNeeds checks support needs (keys of the guide's published topics)
// and returns them without repeats.
func (s *Service) checkNeeds(ctx context.Context, tx *ent.Client, f *apperr.Fields, needs []string) ([]string, error) {
	var out []string
	for _, n := range needs {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if len(out) > MaxSupportNeeds {
		f.Check("supportNeeds", errTooMany)
		return out, nil
	}
	if len(out) == 0 {
		return out, nil
	}
	known, err := tx.GuideCategory.Query().Where(guidecategory.KeyIn(out...)).Select(guidecategory.FieldKey).Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("casework: find topics: %w", err)
	}
	for i, n := range needs {
		if !slices.Contains(known, n) {
			f.Check(fmt.Sprintf("supportNeeds[%d]", i), errUnknownTopic)
		}
	}
	return out, nil
}

// conflict is the answer to a change made from version of a case that
// has meanwhile become current.
func conflict(current int) error {
	return &apperr.Error{Code: apperr.Conflict, MessageID: "error.case_conflict",
		Data: map[string]any{"Version": current}, Extensions: map[string]any{"version": current}}
}

// loadForChange returns case id for a change made from version: CONFLICT
// when the case is at another version, NOT_FOUND when the viewer cannot
// see it.
func loadForChange(ctx context.Context, tx *ent.Client, id int, version *int) (*ent.CaseFile, error) {
	c, err := tx.CaseFile.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, missing("id", ErrCaseNotFound))
	}
	if version != nil && c.Version != *version {
		return nil, conflict(c.Version)
	}
	return c, nil
}

// save writes the change u to case c, from the version c was read at: a
// change made by someone else meanwhile answers CONFLICT, never
// overwritten. It increments the version.
func save(ctx context.Context, tx *ent.Client, c *ent.CaseFile, u *ent.CaseFileUpdateOne) error {
	err := u.Where(casefile.Version(c.Version)).AddVersion(1).Exec(ctx)
	if ent.IsNotFound(err) {
		current, err := tx.CaseFile.Query().Where(casefile.ID(c.ID)).Select(casefile.FieldVersion).Int(ctx)
		if err != nil {
			return fmt.Errorf("casework: version of case %d: %w", c.ID, err)
		}
		return conflict(current)
	}
	if err != nil {
		return fmt.Errorf("casework: change case %d: %w", c.ID, err)
	}
	return nil
}

// processing checks that case c may be changed: it is open and its
// person's data may be processed.
func processing(ctx context.Context, tx *ent.Client, c *ent.CaseFile) error {
	if c.Status == Closed {
		return errCaseClosed
	}
	ok, err := covered(ctx, tx, c.PersonID, consent.PurposeCASE_PROCESSING)
	if err != nil {
		return err
	}
	if !ok {
		return errNoLegalBasis
	}
	return nil
}

// CaseUpdate is a change of a case; nil fields are left as they are.
type CaseUpdate struct {
	Kind         *casefile.Kind
	VacancyID    Edit[int]
	SupportNeeds []string // nil: unchanged
	OpenedOn     *time.Time
	StartDate    Edit[time.Time]
	ArrivedOn    Edit[time.Time]
}

// UpdateCase changes case id from the version the client read.
func (s *Service) UpdateCase(ctx context.Context, id, version int, in CaseUpdate) (*ent.CaseFile, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c, err := loadForChange(ctx, tx, id, &version)
		if err != nil {
			return err
		}
		if err := processing(ctx, tx, c); err != nil {
			return err
		}
		u := c.Update()
		var f apperr.Fields
		var changed []string
		if in.Kind != nil {
			u.SetKind(*in.Kind)
			changed = append(changed, "kind")
		}
		if in.VacancyID.Set {
			if in.VacancyID.Value == nil {
				u.ClearVacancyID()
			} else {
				if err := s.checkVacancy(ctx, tx, &f, "vacancyId", *in.VacancyID.Value); err != nil {
					return err
				}
				u.SetVacancyID(*in.VacancyID.Value)
			}
			changed = append(changed, "vacancy")
		}
		if in.SupportNeeds != nil {
			needs, err := s.checkNeeds(ctx, tx, &f, in.SupportNeeds)
			if err != nil {
				return err
			}
			u.SetSupportNeeds(needs)
			changed = append(changed, "supportNeeds")
		}
		if in.OpenedOn != nil {
			u.SetOpenedOn(schematype.DateOf(*in.OpenedOn))
			changed = append(changed, "openedOn")
		}
		for _, d := range []struct {
			e          Edit[time.Time]
			name       string
			set        func(time.Time) *ent.CaseFileUpdateOne
			clearValue func() *ent.CaseFileUpdateOne
		}{
			{in.StartDate, "startDate", u.SetStartDate, u.ClearStartDate},
			{in.ArrivedOn, "arrivedOn", u.SetArrivedOn, u.ClearArrivedOn},
		} {
			if !d.e.Set {
				continue
			}
			if d.e.Value == nil {
				d.clearValue()
			} else {
				d.set(schematype.DateOf(*d.e.Value))
			}
			changed = append(changed, d.name)
		}
		if err := f.Err(); err != nil {
			return err
		}
		if len(changed) == 0 {
			return nil
		}
		if err := save(ctx, tx, c, u); err != nil {
			return err
		}
		return s.record(ctx, tx, id, timelineentry.KindUPDATED, strings.Join(changed, ", "), 0)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).CaseFile.Get(ctx, id)
}

// Transition is a change of a case's status.
type Transition struct {
	To      Status
	Outcome *casefile.Outcome // required for CLOSED
	// On is the date of an arrival (SETTLING_IN) or a closing (CLOSED);
	// nil: today (an arrival recorded before stays).
	On *time.Time
}

// TransitionCase moves case id, from the version the client read, to
// another status, as the workflow allows (see workflow.go). A transition
// it does not allow is refused with the statuses it allows.
func (s *Service) TransitionCase(ctx context.Context, id, version int, t Transition) (*ent.CaseFile, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	v := viewer.FromContext(ctx)
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c, err := loadForChange(ctx, tx, id, &version)
		if err != nil {
			return err
		}
		next := AllowedTransitions(c, v)
		if !slices.Contains(next, t.To) {
			return refused(c, t.To, next, v)
		}
		if t.To != Closed {
			// Closing is always possible; anything else is processing.
			if ok, err := covered(ctx, tx, c.PersonID, consent.PurposeCASE_PROCESSING); err != nil {
				return err
			} else if !ok {
				return errNoLegalBasis
			}
		}
		var f apperr.Fields
		switch {
		case t.To == Closed && t.Outcome == nil:
			f.Check("outcome", errOutcomeRequired)
		case t.To != Closed && t.Outcome != nil:
			f.Check("outcome", errOutcomeNotClosed)
		case t.To == Closed && *t.Outcome == casefile.OutcomeSETTLED && !settledFrom(c):
			f.Check("outcome", errSettledTooEarly)
		}
		if t.On != nil {
			on := schematype.DateOf(*t.On)
			switch {
			case t.To != Closed && t.To != SettlingIn:
				f.Check("on", apperr.Invalid("error.field.not_applicable", nil))
			case on.Before(c.OpenedOn):
				f.Check("on", apperr.Invalid("error.field.date_too_early", map[string]any{"Date": c.OpenedOn.UTC().Format(time.DateOnly)}))
			case on.After(s.today()):
				f.Check("on", apperr.Invalid("error.field.date_future", nil))
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		day := s.today()
		if t.On != nil {
			day = schematype.DateOf(*t.On)
		}
		u := c.Update().SetStatus(t.To)
		summary := string(c.Status) + " → " + string(t.To)
		switch {
		case t.To == OnHold:
			u.SetResumeStatus(c.Status)
		case t.To == Closed:
			resume := c.Status
			if c.Status == OnHold && c.ResumeStatus != nil {
				resume = *c.ResumeStatus
			}
			u.SetResumeStatus(resume).SetOutcome(*t.Outcome).SetClosedOn(day)
			summary += " (" + string(*t.Outcome) + ")"
		case c.Status == Closed: // reopened
			u.ClearResumeStatus().ClearOutcome().ClearClosedOn()
		case c.Status == OnHold: // resumed
			u.ClearResumeStatus()
		}
		if t.To == SettlingIn && (t.On != nil || c.ArrivedOn == nil) {
			u.SetArrivedOn(day)
		}
		if err := save(ctx, tx, c, u); err != nil {
			return err
		}
		return s.record(ctx, tx, id, timelineentry.KindSTATUS_CHANGED, summary, 0)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).CaseFile.Get(ctx, id)
}

// refused is the error for a transition of case c to status to that the
// workflow does not allow now: it names the statuses it allows, in the
// reader's language, and lists them in extensions.allowedTransitions.
// Reopening a closed case without the right to is FORBIDDEN.
func refused(c *ent.CaseFile, to Status, next []Status, v viewer.Viewer) error {
	names := make(locales.MessageIDs, len(next))
	list := make([]string, len(next))
	for i, s := range next {
		names[i], list[i] = statusMessage(s), string(s)
	}
	id := "error.transition_not_allowed"
	switch {
	case c.Status == Closed && to != Closed && !v.Can(viewer.ReopenCases):
		return &apperr.Error{Code: apperr.Forbidden, MessageID: "error.reopen_forbidden",
			Extensions: map[string]any{"allowedTransitions": list}}
	case len(next) == 0:
		id = "error.transition_none"
	}
	data := map[string]any{"From": locales.MessageIDs{statusMessage(c.Status)}, "To": locales.MessageIDs{statusMessage(to)}, "Allowed": names}
	return &apperr.Error{Code: apperr.BadUserInput, MessageID: id, Data: data,
		Fields:     apperr.Fields{{Path: "to", MessageID: id, Data: data}},
		Extensions: map[string]any{"allowedTransitions": list}}
}

// statusMessage is the message ID of status s's name.
func statusMessage(s Status) string { return "case.status." + string(s) }

// AssignCaseworker makes user caseworkerID the caseworker of case id.
// version, when given, must be the case's current one.
func (s *Service) AssignCaseworker(ctx context.Context, id, caseworkerID int, version *int) (*ent.CaseFile, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c, err := loadForChange(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if err := processing(ctx, tx, c); err != nil {
			return err
		}
		var f apperr.Fields
		if err := checkCaseworker(ctx, tx, &f, "caseworkerId", caseworkerID); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if c.CaseworkerID != nil && *c.CaseworkerID == caseworkerID {
			return nil
		}
		if err := save(ctx, tx, c, c.Update().SetCaseworkerID(caseworkerID)); err != nil {
			return err
		}
		name, err := tx.User.Query().Where(user.ID(caseworkerID)).Select(user.FieldDisplayName).String(ctx)
		if err != nil {
			return fmt.Errorf("casework: name of caseworker %d: %w", caseworkerID, err)
		}
		return s.record(ctx, tx, id, timelineentry.KindCASEWORKER_CHANGED, name, caseworkerID)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).CaseFile.Get(ctx, id)
}

// AddCaseNote adds a note of the viewer to case caseID: INTERNAL for
// staff, or SHARED with the newcomer.
func (s *Service) AddCaseNote(ctx context.Context, caseID int, text string, visibility casenote.Visibility) (*ent.CaseNote, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c, err := tx.CaseFile.Get(ctx, caseID)
		if err != nil {
			return notFound(err, missing("caseId", ErrCaseNotFound))
		}
		if err := processing(ctx, tx, c); err != nil {
			return err
		}
		var f apperr.Fields
		f.Check("text", casenote.TextValidator(text))
		if err := f.Err(); err != nil {
			return err
		}
		n := tx.CaseNote.Create().SetCaseID(caseID).SetText(text).SetVisibility(visibility).SetCreatedAt(s.now())
		if v := viewer.FromContext(ctx); v.UserID != 0 {
			n.SetAuthorID(v.UserID)
		}
		note, err := n.Save(ctx)
		if err != nil {
			return fmt.Errorf("casework: add note to case %d: %w", caseID, err)
		}
		id = note.ID
		return s.record(ctx, tx, caseID, timelineentry.KindNOTE_ADDED, string(visibility), id)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).CaseNote.Get(ctx, id)
}

// Cases returns one page of the cases, newest first unless ordered
// otherwise; with changes the query (e.g. to load more of each case).
func (s *Service) Cases(ctx context.Context, p paging.Page, order *ent.CaseOrder, where *ent.CaseWhereInput, with ...func(*ent.CaseFileQuery)) (*ent.CaseConnection, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.CaseOrder{Direction: "DESC", Field: ent.CaseFileOrderFieldOpenedOn}
	}
	opts := []ent.CasePaginateOption{ent.WithCaseOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithCaseFilter(where.Filter))
	}
	q := s.ent(ctx).CaseFile.Query()
	for _, w := range with {
		w(q)
	}
	return q.Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}

// CaseByReference returns the case with reference ref (in any letter
// case); nil when the viewer may see no such case.
func (s *Service) CaseByReference(ctx context.Context, ref string) (*ent.CaseFile, error) {
	q, err := s.ent(ctx).CaseFile.Query().Where(casefile.Reference(strings.ToUpper(strings.TrimSpace(ref)))).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	c, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return c, err
}

// CaseSearch returns the filter for cases whose reference or person's
// name contains every word of text, whatever the case and diacritics
// (see internal/casesearch).
func CaseSearch(text string) (predicate.CaseFile, error) {
	words, err := searchWords(text)
	if err != nil {
		return nil, err
	}
	return casesearch.Matches(words), nil
}

// SupportNeed returns the filter for cases with support need key, read
// from the index of the needs' rows (CaseSupportNeed).
func SupportNeed(key string) predicate.CaseFile {
	return func(s *sql.Selector) {
		n := sql.Table(casesupportneed.Table)
		s.Where(sql.In(s.C(casefile.FieldID),
			sql.Select(n.C(casesupportneed.FieldCaseID)).From(n).Where(sql.EQ(n.C(casesupportneed.FieldNeed), key))))
	}
}

// OfCompany returns the filter for cases whose vacancy is company id's.
func OfCompany(id int) predicate.CaseFile {
	return casefile.HasVacancyWith(vacancy.CompanyID(id))
}

// Overdue returns the filter for cases that have (or, with has false, do
// not have) an open task due before today.
func (s *Service) Overdue(has bool) predicate.CaseFile {
	if has {
		return casefile.NextDueOnLT(s.today())
	}
	return casefile.NextDueOnGTE(s.today())
}

// NextDue returns the earliest due date of case c's open tasks; nil when
// none is due.
func NextDue(c *ent.CaseFile) *time.Time {
	if !c.NextDueOn.Before(schematype.NoDate) {
		return nil
	}
	d := c.NextDueOn.UTC()
	return &d
}

// Caseworkers returns the active caseworkers by name: whom a case or a
// task can be assigned to.
func (s *Service) Caseworkers(ctx context.Context) ([]*ent.User, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	q, err := s.ent(ctx).User.Query().Where(user.Active(true), func(sel *sql.Selector) {
		sel.Where(sqljson.ValueContains(sel.C(user.FieldRoles), string(viewer.Caseworker)))
	}).Order(ent.Asc(user.FieldDisplayName)).CollectFields(ctx)
	if err != nil {
		return nil, err
	}
	return q.All(ctx)
}
