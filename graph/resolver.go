package graph

import (
	"relocate/ent"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/guide"
)

// Resolver is the root of the GraphQL resolvers. Resolvers decode
// arguments and call the domain services; they hold no logic of their own.
type Resolver struct {
	client *ent.Client
	guide  *guide.Service
	auth   *auth.Service
	audit  *audit.Recorder
	// agenda: checklists, appointments and calendars (see WithAgenda).
	agenda agendaServices
}

// NewResolver returns the resolver root over the given services.
func NewResolver(client *ent.Client, g *guide.Service, a *auth.Service, rec *audit.Recorder) *Resolver {
	return &Resolver{client: client, guide: g, auth: a, audit: rec}
}
