package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/company"
	"relocate/ent/schema/schematype"
	"relocate/ent/vacancy"
	"relocate/internal/fold"
	"relocate/internal/lang"
)

// bulkSize is how many rows one INSERT writes.
const bulkSize = 500

// bulk saves creates in INSERTs of bulkSize rows and returns the rows.
func bulk[C any, T any](ctx context.Context, creates []C, save func(context.Context, ...C) ([]T, error)) ([]T, error) {
	var out []T
	for len(creates) > 0 {
		n := min(bulkSize, len(creates))
		rows, err := save(ctx, creates[:n]...)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		creates = creates[n:]
	}
	return out, nil
}

// employers makes the companies of the region, one contact each, and their
// vacancies: one company for every 25 cases (4 to 400).
func (g *generator) employers(ctx context.Context, c *ent.Client) error {
	n := min(max(g.o.Cases/25, 4), 400)
	var creates []*ent.CompanyCreate
	var tradeOf []int
	for i := range n {
		t := g.rnd.IntN(len(trades))
		tr := trades[t]
		m := pick(g.rnd, municipalities)
		size := pick(g.rnd, []company.SizeClass{company.SizeClassMICRO, company.SizeClassSMALL, company.SizeClassSMALL,
			company.SizeClassMEDIUM, company.SizeClassMEDIUM, company.SizeClassLARGE})
		name := fmt.Sprintf("%s %s %s", companyPrefixes[(i+g.rnd.IntN(3))%len(companyPrefixes)], tr.name, pick(g.rnd, legalForms))
		creates = append(creates, c.Company.Create().SetName(name).SetLegalForm(name[strings.LastIndex(name, " ")+1:]).
			SetSectorCode(tr.sectorCode).SetSectorName(tr.sectorName).
			SetStreet(fmt.Sprintf("%s %d", pick(g.rnd, streets), g.between(1, 120))).SetPostalCode(m.postalCode).
			SetCity(strings.TrimSuffix(strings.TrimSuffix(m.name, " (Elbe)"), " (Bode)")).SetMunicipality(m.name).
			SetSizeClass(size).SetDemo(true))
		tradeOf = append(tradeOf, t)
	}
	companies, err := bulk(ctx, creates, func(ctx context.Context, cs ...*ent.CompanyCreate) ([]*ent.Company, error) {
		return c.Company.CreateBulk(cs...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("demo: companies: %w", err)
	}
	var contacts []*ent.CompanyContactCreate
	var vacancies []*ent.VacancyCreate
	var refs []vacancyRef
	for i, co := range companies {
		g.companies = append(g.companies, co.ID)
		n := g.germanName()
		domain := fold.String(strings.ReplaceAll(strings.Fields(co.Name)[0]+"-"+strings.Fields(co.Name)[1], " ", "-")) + ".example"
		contacts = append(contacts, c.CompanyContact.Create().SetCompanyID(co.ID).SetName(n.given+" "+n.family).
			SetPosition(pick(g.rnd, []string{"Personalleitung", "Geschäftsführung", "Ausbildungsleitung"})).
			SetEmail(fmt.Sprintf("personal@%s", domain)).SetPhone(fmt.Sprintf("+49 391 %07d", g.rnd.IntN(10_000_000))))
		for range g.between(1, 3) {
			occ := pick(g.rnd, trades[tradeOf[i]].occupations)
			kind := pick(g.rnd, []vacancy.Kind{vacancy.KindEMPLOYMENT, vacancy.KindEMPLOYMENT, vacancy.KindEMPLOYMENT,
				vacancy.KindINTERNSHIP, vacancy.KindAPPRENTICESHIP})
			start := g.day(g.between(-700, 120))
			v := c.Vacancy.Create().SetCompanyID(co.ID).SetKind(kind).SetTitle(occ.title).SetOccupationCode(occ.code).
				SetOccupationTitle(occ.title).SetPositions(g.between(1, 5)).SetStartDate(start).
				SetGermanLevel(pick(g.rnd, []schematype.CEFR{"A2", "B1", "B1", "B2"})).SetOtherLanguages([]string{"lv", "ru"}).
				SetStatus(pick(g.rnd, []vacancy.Status{vacancy.StatusOPEN, vacancy.StatusOPEN, vacancy.StatusFILLED}))
			caseKind := casefile.KindPLACEMENT
			if kind == vacancy.KindINTERNSHIP {
				v.SetEndDate(start.AddDate(0, g.between(2, 6), 0)).SetTitle("Praktikum: " + occ.title)
				caseKind = casefile.KindINTERNSHIP
			}
			vacancies = append(vacancies, v)
			refs = append(refs, vacancyRef{kind: caseKind, occupation: occ})
		}
	}
	if _, err := bulk(ctx, contacts, func(ctx context.Context, cs ...*ent.CompanyContactCreate) ([]*ent.CompanyContact, error) {
		return c.CompanyContact.CreateBulk(cs...).Save(ctx)
	}); err != nil {
		return fmt.Errorf("demo: company contacts: %w", err)
	}
	saved, err := bulk(ctx, vacancies, func(ctx context.Context, cs ...*ent.VacancyCreate) ([]*ent.Vacancy, error) {
		return c.Vacancy.CreateBulk(cs...).Save(ctx)
	})
	if err != nil {
		return fmt.Errorf("demo: vacancies: %w", err)
	}
	for i, v := range saved {
		refs[i].id = v.ID
	}
	g.vacancies = refs
	g.report.Companies, g.report.Vacancies = len(companies), len(saved)
	return nil
}

// germanName makes a German name.
func (g *generator) germanName() name {
	given := germanMen
	if g.chance(0.5) {
		given = germanWomen
	}
	return name{pick(g.rnd, given), pick(g.rnd, germanFamilies)}
}

// trainings makes intercultural training sessions, one for every 500
// cases (2 to 40) from half a year ago to three months ahead, booked by
// companies; the past ones with their attendance.
func (g *generator) trainings(ctx context.Context, c *ent.Client) error {
	n := min(max(g.o.Cases/500, 2), 40)
	var creates []*ent.TrainingCreate
	for range n {
		d := g.day(g.between(-180, 90))
		creates = append(creates, c.Training.Create().SetTitle(pick(g.rnd, trainingTitles)).
			SetStartsAt(time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, berlin)).SetDurationMinutes(180).
			SetTrainer(pick(g.rnd, []string{"Dr. Inga Vītola", "Markus Böhm", "Svetlana Popova"})).
			SetLanguage(lang.DE).SetCapacity(g.between(12, 30)).SetPlaceText("Relocation Service, Ernst-Reuter-Allee 1, Magdeburg").
			SetDemo(true))
	}
	sessions, err := c.Training.CreateBulk(creates...).Save(ctx)
	if err != nil {
		return fmt.Errorf("demo: trainings: %w", err)
	}
	var bookings []*ent.TrainingBookingCreate
	for _, s := range sessions {
		left := s.Capacity
		booked := map[int]bool{}
		for range g.between(1, 3) {
			co := pick(g.rnd, g.companies)
			p := min(g.between(1, 6), left)
			if booked[co] || p == 0 {
				continue
			}
			booked[co], left = true, left-p
			b := c.TrainingBooking.Create().SetTrainingID(s.ID).SetCompanyID(co).SetParticipants(p)
			if s.StartsAt.Before(g.o.Today) {
				b.SetAttended(g.between(0, p))
			}
			bookings = append(bookings, b)
		}
	}
	if _, err := c.TrainingBooking.CreateBulk(bookings...).Save(ctx); err != nil {
		return fmt.Errorf("demo: training bookings: %w", err)
	}
	g.report.Trainings = len(sessions)
	return nil
}

// berlin is Magdeburg's time zone.
var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}()
