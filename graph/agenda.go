package graph

import (
	"relocate/ent"
	"relocate/graph/model"
	"relocate/internal/agenda"
	"relocate/internal/apperr"
	"relocate/internal/calendar"
	"relocate/internal/checklist"
)

// agendaServices are the services of checklists, appointments and
// calendars.
type agendaServices struct {
	checklists *checklist.Service
	schedule   *agenda.Service
	calendar   *calendar.Service
}

// WithAgenda gives the resolvers the services of checklists, appointments
// and calendars, and returns r.
func (r *Resolver) WithAgenda(c *checklist.Service, a *agenda.Service, cal *calendar.Service) *Resolver {
	r.agenda = agendaServices{checklists: c, schedule: a, calendar: cal}
	return r
}

// checklistItemPayload wraps the step a mutation changed.
func checklistItemPayload(it *ent.ChecklistItem, err error) (*model.ChecklistItemPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ChecklistItemPayload{ChecklistItem: it}, nil
}

// optional turns "not found" into null, for links by key to content that
// may have been removed or is not published.
func optional[T any](v *T, err error) (*T, error) {
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
		return nil, nil
	}
	return v, err
}
