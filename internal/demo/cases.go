package demo

import (
	"context"
	"fmt"
	"time"

	"relocate/ent"
	"relocate/ent/appointment"
	"relocate/ent/casefile"
	"relocate/ent/casenote"
	"relocate/ent/consent"
	"relocate/ent/familymember"
	"relocate/ent/person"
	"relocate/ent/recognition"
	"relocate/ent/referral"
	"relocate/ent/schema/schematype"
	"relocate/ent/task"
	"relocate/ent/timelineentry"
	"relocate/internal/fold"
	"relocate/internal/lang"
)

// statusWeights say how often each status is drawn, in the order of
// schematype.CaseStatuses: a third of the cases are closed, a fifth
// settling in.
var statusWeights = []int{8, 8, 10, 8, 8, 20, 4, 34}

// drawStatus draws the status of case i: the first cases take every
// status once, so that even a few cases show them all.
func (g *generator) drawStatus(i int) schematype.CaseStatus {
	if i < len(schematype.CaseStatuses) {
		return schematype.CaseStatuses[i]
	}
	n := g.rnd.IntN(100)
	for j, w := range statusWeights {
		if n < w {
			return schematype.CaseStatuses[j]
		}
		n -= w
	}
	return schematype.CaseClosed
}

// newcomer is a person as drawn, with what their case needs of them.
type newcomer struct {
	language           lang.Code
	partners, employer bool // consents beside case processing
}

// drawPerson makes person i: Latvian (six in ten), Russian-speaking
// Latvian (three in ten) or German.
func (g *generator) drawPerson(c *ent.Client, i int) (*ent.PersonCreate, newcomer) {
	female := g.chance(0.5)
	var n name
	nc := newcomer{partners: g.chance(0.6), employer: g.chance(0.5)}
	var skills schematype.LanguageSkills
	nationality := "LV"
	switch r := g.rnd.IntN(10); {
	case r < 6:
		f := pick(g.rnd, latvianFamilies)
		n = name{pick(g.rnd, latvianMen), f[0]}
		if female {
			n = name{pick(g.rnd, latvianWomen), f[1]}
		}
		nc.language = lang.LV
		skills = schematype.LanguageSkills{{Language: "lv", Level: "C2", Native: true}, {Language: "ru", Level: "B1"},
			{Language: "de", Level: pick(g.rnd, []schematype.CEFR{"A1", "A2", "B1"})}, {Language: "en", Level: "B2"}}
	case r < 9:
		f := pick(g.rnd, russianFamilies)
		n = name{pick(g.rnd, russianMen), f[0]}
		if female {
			n = name{pick(g.rnd, russianWomen), f[1]}
		}
		nc.language = lang.RU
		skills = schematype.LanguageSkills{{Language: "ru", Level: "C2", Native: true}, {Language: "lv", Level: "B2"},
			{Language: "de", Level: pick(g.rnd, []schematype.CEFR{"A1", "A2", "B1"})}}
	default:
		given := germanMen
		if female {
			given = germanWomen
		}
		n = name{pick(g.rnd, given), pick(g.rnd, germanFamilies)}
		nc.language, nationality = lang.DE, "DE"
		skills = schematype.LanguageSkills{{Language: "de", Level: "C2", Native: true}, {Language: "lv", Level: "B2"}}
	}
	gender := person.GenderMALE
	if female {
		gender = person.GenderFEMALE
	}
	born := g.day(-365*g.between(19, 55) - g.rnd.IntN(365))
	p := c.Person.Create().SetGivenName(n.given).SetFamilyName(n.family).SetGender(gender).SetDateOfBirth(born).
		SetNationality(nationality).SetCountryOfResidence("LV").SetPreferredLanguage(nc.language).SetLanguages(skills).
		SetEmail(fmt.Sprintf("%s.%s.%d@example.lv", fold.String(n.given), fold.String(n.family), i+1)).
		SetPhone(fmt.Sprintf("+371 2%07d", g.rnd.IntN(10_000_000))).SetQualificationTitle(pick(g.rnd, qualifications)).
		SetQualificationCountry("LV").SetIscedLevel(g.between(3, 6)).
		SetLabourMarketStatus(pick(g.rnd, []person.LabourMarketStatus{person.LabourMarketStatusEMPLOYED,
			person.LabourMarketStatusUNEMPLOYED, person.LabourMarketStatusUNEMPLOYED, person.LabourMarketStatusIN_EDUCATION})).
		SetDemo(true)
	return p, nc
}

// plan is a case as drawn, before it is saved.
type plan struct {
	status, resume         schematype.CaseStatus
	opened                 time.Time
	arrived, start, closed *time.Time
	vacancy                *vacancyRef
	caseworker             int
	needs                  []string
	newcomer               newcomer
}

// drawCase draws the status, dates, vacancy, caseworker and needs of case
// i.
func (g *generator) drawCase(i int, nc newcomer) plan {
	p := plan{status: g.drawStatus(i), newcomer: nc, caseworker: g.caseworkers[i%len(g.caseworkers)]}
	p.resume = p.status
	if p.status == schematype.CaseOnHold {
		p.resume = pick(g.rnd, schematype.CaseStatuses[1:6])
	}
	effective := p.resume
	if p.status == schematype.CaseClosed {
		p.resume = schematype.CaseSettlingIn
		if g.chance(0.15) { // closed before the arrival: withdrawn
			p.resume = schematype.CaseMatching
		}
		effective = p.resume
	}
	at := func(d time.Time) *time.Time { return &d }
	switch effective {
	case schematype.CaseSettlingIn:
		if p.status == schematype.CaseClosed {
			p.opened = g.day(-g.between(150, 1000))
		} else {
			p.opened = g.day(-g.between(60, 400))
		}
		p.arrived = at(p.opened.AddDate(0, 0, g.between(14, 59)))
		p.start = at(p.arrived.AddDate(0, 0, g.between(0, 14)))
	case schematype.CaseArriving:
		p.opened = g.day(-g.between(30, 120))
		p.start = at(g.day(g.between(3, 45)))
	default:
		p.opened = g.day(-g.between(0, 120))
		if p.status == schematype.CaseClosed {
			p.opened = g.day(-g.between(60, 1000))
		}
	}
	if p.status == schematype.CaseClosed {
		from := p.opened
		if p.arrived != nil {
			from = *p.arrived
		}
		p.closed = at(from.AddDate(0, 0, g.between(20, 300)))
		if p.closed.After(g.day(-1)) {
			p.closed = at(g.day(-1))
		}
	}
	if effective != schematype.CaseInquiry && effective != schematype.CaseIntake && (effective != schematype.CaseMatching || g.chance(0.5)) {
		v := pick(g.rnd, g.vacancies)
		p.vacancy = &v
	}
	for _, t := range g.topics {
		if len(p.needs) < 4 && g.chance(0.22) {
			p.needs = append(p.needs, t)
		}
	}
	if len(p.needs) == 0 {
		p.needs = []string{pick(g.rnd, g.topics)}
	}
	return p
}

// outcome draws the outcome of a closed case.
func (g *generator) outcome(p plan) casefile.Outcome {
	if p.arrived == nil {
		return casefile.OutcomeWITHDRAWN
	}
	switch r := g.rnd.IntN(100); {
	case r < 70:
		return casefile.OutcomeSETTLED
	case r < 85:
		return casefile.OutcomePLACEMENT_ENDED
	}
	return casefile.OutcomeRETURNED_HOME
}

// cases makes cases first … first+n-1 with their people and everything
// around them, in the transaction of c.
func (g *generator) cases(ctx context.Context, c *ent.Client, first, n int) error {
	people := make([]*ent.PersonCreate, n)
	newcomers := make([]newcomer, n)
	for j := range n {
		people[j], newcomers[j] = g.drawPerson(c, first+j)
	}
	persons, err := bulk(ctx, people, func(ctx context.Context, cs ...*ent.PersonCreate) ([]*ent.Person, error) {
		return c.Person.CreateBulk(cs...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("demo: people: %w", err)
	}
	plans := make([]plan, n)
	creates := make([]*ent.CaseFileCreate, n)
	for j := range n {
		p := g.drawCase(first+j, newcomers[j])
		plans[j] = p
		year := p.opened.Year()
		g.years[year]++
		cc := c.CaseFile.Create().SetReference(fmt.Sprintf("RS-%d-%04d", year, g.years[year])).SetPersonID(persons[j].ID).
			SetStatus(p.status).SetCaseworkerID(p.caseworker).SetSupportNeeds(p.needs).SetOpenedOn(p.opened).
			SetNillableArrivedOn(p.arrived).SetNillableStartDate(p.start).SetNillableClosedOn(p.closed).SetDemo(true).
			SetKind(casefile.KindPLACEMENT)
		if p.vacancy != nil {
			cc.SetVacancyID(p.vacancy.id).SetKind(p.vacancy.kind)
		}
		if p.status == schematype.CaseOnHold || p.status == schematype.CaseClosed {
			cc.SetResumeStatus(p.resume)
		}
		if p.status == schematype.CaseClosed {
			cc.SetOutcome(g.outcome(p))
		}
		creates[j] = cc
	}
	rows := &children{}
	for j := range n {
		g.consents(c, rows, persons[j].ID, plans[j])
		g.family(c, rows, persons[j].ID)
	}
	// The cases' next due dates come from their tasks: the tasks are drawn
	// before the cases are saved, and get the cases' IDs after.
	taskPlans := make([][]*ent.TaskCreate, n)
	for j := range n {
		var next *time.Time
		taskPlans[j], next = g.tasks(c, plans[j])
		if next != nil {
			creates[j].SetNextDueOn(*next)
		}
	}
	saved, err := bulk(ctx, creates, func(ctx context.Context, cs ...*ent.CaseFileCreate) ([]*ent.CaseFile, error) {
		return c.CaseFile.CreateBulk(cs...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("demo: cases: %w", err)
	}
	for j, cf := range saved {
		for _, t := range taskPlans[j] {
			rows.tasks = append(rows.tasks, t.SetCaseID(cf.ID))
		}
		g.around(c, rows, cf, plans[j])
	}
	if err := rows.save(ctx, c); err != nil {
		return err
	}
	g.report.Persons += n
	g.report.Cases += n
	g.report.Consents += len(rows.consents)
	g.report.Tasks += len(rows.tasks)
	g.report.Appointments += len(rows.appointments)
	g.report.Notes += len(rows.notes)
	g.report.Referrals += len(rows.referrals)
	g.report.Recognitions += len(rows.recognitions)
	return nil
}

// children are the rows of one batch's cases and people.
type children struct {
	consents     []*ent.ConsentCreate
	family       []*ent.FamilyMemberCreate
	tasks        []*ent.TaskCreate
	appointments []*ent.AppointmentCreate
	notes        []*ent.CaseNoteCreate
	timeline     []*ent.TimelineEntryCreate
	referrals    []*ent.ReferralCreate
	recognitions []*ent.RecognitionCreate
}

// save writes the rows, bulkSize a statement.
func (r *children) save(ctx context.Context, c *ent.Client) error {
	for _, step := range []struct {
		what string
		save func() error
	}{
		{"consents", func() error { return saveAll(ctx, r.consents, c.Consent.CreateBulk) }},
		{"family members", func() error { return saveAll(ctx, r.family, c.FamilyMember.CreateBulk) }},
		{"tasks", func() error { return saveAll(ctx, r.tasks, c.Task.CreateBulk) }},
		{"appointments", func() error { return saveAll(ctx, r.appointments, c.Appointment.CreateBulk) }},
		{"notes", func() error { return saveAll(ctx, r.notes, c.CaseNote.CreateBulk) }},
		{"timeline", func() error { return saveAll(ctx, r.timeline, c.TimelineEntry.CreateBulk) }},
		{"referrals", func() error { return saveAll(ctx, r.referrals, c.Referral.CreateBulk) }},
		{"recognitions", func() error { return saveAll(ctx, r.recognitions, c.Recognition.CreateBulk) }},
	} {
		if err := step.save(); err != nil {
			return fmt.Errorf("demo: %s: %w", step.what, err)
		}
	}
	return nil
}

// saveAll saves creates, bulkSize rows a statement.
func saveAll[C any, B interface{ Exec(context.Context) error }](ctx context.Context, creates []C, bulk func(...C) B) error {
	for len(creates) > 0 {
		n := min(bulkSize, len(creates))
		if err := bulk(creates[:n]...).Exec(ctx); err != nil {
			return err
		}
		creates = creates[n:]
	}
	return nil
}

// consents records the person's consents, given when the case was opened.
func (g *generator) consents(c *ent.Client, r *children, personID int, p plan) {
	given := time.Date(p.opened.Year(), p.opened.Month(), p.opened.Day(), 10, 0, 0, 0, berlin)
	channel := pick(g.rnd, []consent.Channel{consent.ChannelIN_PERSON, consent.ChannelPAPER, consent.ChannelEMAIL, consent.ChannelWEB_FORM})
	add := func(purpose consent.Purpose) {
		r.consents = append(r.consents, c.Consent.Create().SetPersonID(personID).SetPurpose(purpose).SetChannel(channel).
			SetGivenAt(given).SetRecordedByID(p.caseworker))
	}
	add(consent.PurposeCASE_PROCESSING)
	if p.newcomer.partners {
		add(consent.PurposeSHARE_WITH_PARTNERS)
	}
	if p.newcomer.employer {
		add(consent.PurposeSHARE_WITH_EMPLOYER)
	}
	if g.chance(0.4) {
		add(consent.PurposeESF_REPORTING)
	}
}

// family gives three in ten people a family: a partner and often a child
// who needs a Kita or school place.
func (g *generator) family(c *ent.Client, r *children, personID int) {
	if !g.chance(0.3) {
		return
	}
	r.family = append(r.family, c.FamilyMember.Create().SetPersonID(personID).SetRelation(familymember.RelationSPOUSE).
		SetGivenName(pick(g.rnd, latvianWomen)))
	if g.chance(0.6) {
		born := g.o.Today.Year() - g.between(1, 14)
		need := schematype.NeedKitaPlace
		if g.o.Today.Year()-born >= 6 {
			need = schematype.NeedSchoolPlace
		}
		r.family = append(r.family, c.FamilyMember.Create().SetPersonID(personID).SetRelation(familymember.RelationCHILD).
			SetGivenName(pick(g.rnd, latvianMen)).SetBirthYear(born).SetNeeds([]schematype.FamilyNeed{need}))
	}
}

// tasks makes the tasks of the case's needs from the checklist steps,
// dated as the checklist dates them, done as far as the case has come;
// and returns the earliest due date of those still open.
func (g *generator) tasks(c *ent.Client, p plan) ([]*ent.TaskCreate, *time.Time) {
	var out []*ent.TaskCreate
	var next *time.Time
	effective := p.resume
	for _, need := range p.needs {
		for _, st := range g.steps[need] {
			due := dueOn(st, p.arrived, p.start)
			status := task.StatusOPEN
			switch {
			case p.status == schematype.CaseClosed:
				status = task.StatusDONE
				if g.chance(0.15) {
					status = task.StatusNOT_NEEDED
				}
			case effective == schematype.CaseSettlingIn && due != nil && due.Before(g.o.Today) && g.chance(0.75):
				status = task.StatusDONE
			case g.chance(0.1):
				status = task.StatusIN_PROGRESS
			}
			t := c.Task.Create().SetTitle(st.title).SetTopic(st.topic).SetChecklistItemID(st.id).SetStatus(status).
				SetNillableDueOn(due).SetNillableArticleID(st.article).SetNillablePlaceID(st.placeID)
			if status == task.StatusDONE || status == task.StatusNOT_NEEDED {
				done := p.opened
				if due != nil && due.Before(g.o.Today) {
					done = *due
				}
				t.SetCompletedAt(done.Add(10 * time.Hour))
			} else if due != nil && (next == nil || due.Before(*next)) {
				next = due
			}
			out = append(out, t)
		}
	}
	return out, next
}

// dueOn dates a step as the checklist does: days after the arrival or the
// first working day (the other when that one is not known).
func dueOn(st step, arrived, start *time.Time) *time.Time {
	base, other := arrived, start
	if st.startOfWork {
		base, other = start, arrived
	}
	if base == nil {
		base = other
	}
	if base == nil {
		return nil
	}
	d := base.AddDate(0, 0, st.offset)
	return &d
}

// around makes the appointments, notes, timeline, referrals and
// recognition procedure of a saved case.
func (g *generator) around(c *ent.Client, r *children, cf *ent.CaseFile, p plan) {
	at := func(d time.Time, hour int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, berlin)
	}
	// Appointments: the closed cases' in the past, the others' around today.
	if p.status != schematype.CaseInquiry {
		for range g.between(1, 3) {
			d := g.day(g.between(-20, 30))
			if p.closed != nil {
				d = p.closed.AddDate(0, 0, -g.between(1, 20))
			}
			if d.Before(p.opened) {
				d = p.opened
			}
			a := c.Appointment.Create().SetCaseID(cf.ID).SetStartsAt(at(d, g.between(8, 15))).
				SetDurationMinutes(pick(g.rnd, []int{30, 45, 60, 90})).SetKind(pick(g.rnd, []appointment.Kind{
				appointment.KindAUTHORITY, appointment.KindFLAT_VIEWING, appointment.KindLANGUAGE_COURSE,
				appointment.KindEMPLOYER, appointment.KindOTHER})).SetCancelled(g.chance(0.1))
			if len(g.places) > 0 && g.chance(0.6) {
				a.SetPlaceID(pick(g.rnd, g.places))
			} else {
				a.SetPlaceText(fmt.Sprintf("%s %d, Magdeburg", pick(g.rnd, streets), g.between(1, 90)))
			}
			r.appointments = append(r.appointments, a)
		}
	}
	// Notes and the timeline.
	age := int(g.o.Today.Sub(p.opened).Hours() / 24)
	for range g.between(1, 2) {
		n := c.CaseNote.Create().SetCaseID(cf.ID).SetAuthorID(p.caseworker).
			SetCreatedAt(at(p.opened.AddDate(0, 0, g.between(0, min(age, 60))), 11))
		if g.chance(0.25) {
			n.SetVisibility(casenote.VisibilitySHARED).SetText(pick(g.rnd, sharedTexts))
		} else {
			n.SetText(pick(g.rnd, noteTexts))
		}
		r.notes = append(r.notes, n)
	}
	r.timeline = append(r.timeline, c.TimelineEntry.Create().SetCaseID(cf.ID).SetKind(timelineentry.KindOPENED).
		SetSummary(cf.Reference).SetCreatedAt(at(p.opened, 9)).SetActorID(p.caseworker))
	if p.status != schematype.CaseInquiry {
		when := g.o.Today
		if p.closed != nil {
			when = *p.closed
		}
		r.timeline = append(r.timeline, c.TimelineEntry.Create().SetCaseID(cf.ID).SetKind(timelineentry.KindSTATUS_CHANGED).
			SetSummary(fmt.Sprintf("%s → %s", schematype.CaseInquiry, p.status)).SetCreatedAt(at(when, 8)).SetActorID(p.caseworker))
	}
	g.referral(c, r, cf, p)
	g.recognition(c, r, cf, p)
}

// referral refers a third of the cases past intake whose people consent
// to sharing with partners.
func (g *generator) referral(c *ent.Client, r *children, cf *ent.CaseFile, p plan) {
	if !p.newcomer.partners || len(g.partners) == 0 || p.resume == schematype.CaseInquiry || p.resume == schematype.CaseIntake ||
		!g.chance(0.35) {
		return
	}
	sent := p.opened.AddDate(0, 0, g.between(3, 30)).Add(10 * time.Hour)
	if sent.After(g.o.Today) {
		sent = p.opened.Add(10 * time.Hour)
	}
	ref := c.Referral.Create().SetCaseID(cf.ID).SetPartnerID(pick(g.rnd, g.partners).ID).
		SetService(pick(g.rnd, referralServices)).SetSentAt(sent)
	answered := sent.AddDate(0, 0, g.between(2, 10))
	done := answered.AddDate(0, 0, g.between(7, 30))
	switch s := pick(g.rnd, []referral.Status{referral.StatusSENT, referral.StatusACCEPTED, referral.StatusDECLINED,
		referral.StatusDONE, referral.StatusDONE}); {
	case s == referral.StatusSENT || answered.After(g.o.Today):
	case s == referral.StatusDONE && !done.After(g.o.Today):
		ref.SetStatus(s).SetAnsweredAt(answered).SetDoneAt(done)
	case s == referral.StatusDECLINED:
		ref.SetStatus(s).SetAnsweredAt(answered)
	default:
		ref.SetStatus(referral.StatusACCEPTED).SetAnsweredAt(answered)
	}
	r.referrals = append(r.referrals, ref)
}

// recognition records the procedure of the qualification of people placed
// in regulated occupations (and of some others), as far as it has come.
func (g *generator) recognition(c *ent.Client, r *children, cf *ent.CaseFile, p plan) {
	if p.vacancy == nil || !(p.vacancy.occupation.regulated || g.chance(0.15)) {
		return
	}
	counselling := p.opened.AddDate(0, 0, g.between(7, 30))
	if counselling.After(g.o.Today) {
		return
	}
	rec := c.Recognition.Create().SetCaseID(cf.ID).SetReferenceOccupation(p.vacancy.occupation.title).
		SetRegulated(p.vacancy.occupation.regulated).SetCounsellingOn(counselling)
	for _, pt := range g.partners {
		if pt.Key != nil && *pt.Key == "hwk-magdeburg" || pt.Key != nil && *pt.Key == "iq-sachsen-anhalt" && !p.vacancy.occupation.regulated {
			rec.SetAuthorityPartnerID(pt.ID)
		}
	}
	submitted := counselling.AddDate(0, 0, g.between(7, 30))
	decided := submitted.AddDate(0, 0, g.between(30, 90))
	switch {
	case submitted.After(g.o.Today):
	case decided.After(g.o.Today):
		rec.SetStatus(pick(g.rnd, []recognition.Status{recognition.StatusAPPLICATION_SUBMITTED, recognition.StatusDOCUMENTS_REQUESTED})).
			SetSubmittedOn(submitted)
	default:
		rec.SetStatus(recognition.StatusDECIDED).SetSubmittedOn(submitted).SetDecidedOn(decided)
		switch n := g.rnd.IntN(10); {
		case n < 6:
			rec.SetOutcome(recognition.OutcomeFULL)
		case n < 9:
			rec.SetOutcome(recognition.OutcomePARTIAL).SetCompensationMeasure("Anpassungslehrgang (6 Monate)")
		default:
			rec.SetOutcome(recognition.OutcomeNONE)
		}
	}
	r.recognitions = append(r.recognitions, rec)
}
