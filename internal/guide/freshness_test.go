package guide

import (
	"testing"
	"time"

	"relocate/ent"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestFreshnessOn(t *testing.T) {
	ptr := func(t time.Time) *time.Time { return &t }
	year := func(y int) *int { return &y }
	created := time.Date(2026, 3, 1, 9, 0, 0, 0, berlin)
	for _, tc := range []struct {
		name     string
		a        ent.GuideArticle
		today    time.Time
		months   int
		want     FreshnessStatus
		dueSince time.Time
	}{
		{"checked today", ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29))}, day(2026, 11, 29), 12, Current, time.Time{}},
		{"exactly the interval", ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29))}, day(2027, 11, 29), 12, Current, time.Time{}},
		{"a day over", ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29))}, day(2027, 11, 30), 12, ReviewDue, day(2027, 11, 30)},
		{"never checked", ent.GuideArticle{CreatedAt: created}, day(2026, 3, 2), 12, ReviewDue, day(2026, 3, 1)},
		{"31 January and a month", ent.GuideArticle{ReviewedAt: ptr(day(2027, 1, 31))}, day(2027, 3, 1), 1, ReviewDue, day(2027, 3, 1)},
		{"on 28 February still current", ent.GuideArticle{ReviewedAt: ptr(day(2027, 1, 31))}, day(2027, 2, 28), 1, Current, time.Time{}},
		{"29 February and a year", ent.GuideArticle{ReviewedAt: ptr(day(2028, 2, 29))}, day(2029, 3, 1), 12, ReviewDue, day(2029, 3, 1)},
		{"figures for this year", ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29)), FiguresFor: year(2026)}, day(2026, 12, 31), 12, Current, time.Time{}},
		{"figures for last year", ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29)), FiguresFor: year(2026)}, day(2027, 1, 1), 12, FiguresOutdated, day(2027, 1, 1)},
		{"rule on its last day", ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29)), ValidUntil: ptr(day(2026, 12, 31))}, day(2026, 12, 31), 12, Current, time.Time{}},
		{"rule expired, figures old, review due", ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29)), FiguresFor: year(2026), ValidUntil: ptr(day(2026, 12, 31))}, day(2028, 1, 1), 12, Expired, day(2027, 1, 1)},
	} {
		f := freshnessOn(&tc.a, tc.today, tc.months)
		if f.Status != tc.want || !f.DueSince.Equal(tc.dueSince) || f.Due() != (tc.want != Current) {
			t.Errorf("%s: %s since %s, want %s since %s", tc.name, f.Status, f.DueSince.Format(time.DateOnly), tc.want, tc.dueSince.Format(time.DateOnly))
		}
	}
	all := freshnessOn(&ent.GuideArticle{ReviewedAt: ptr(day(2026, 11, 29)), FiguresFor: year(2026), ValidUntil: ptr(day(2026, 12, 31))}, day(2028, 1, 1), 12)
	if !all.ReviewOverdue || !all.FiguresPast || !all.RuleExpired {
		t.Errorf("every reason that applies is named: %+v", all)
	}
}
