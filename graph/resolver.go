package graph

import (
	"relocate/ent"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/casework"
	"relocate/internal/guide"
	"relocate/internal/inquiry"
	"relocate/internal/network"
)

// Resolver is the root of the GraphQL resolvers. Resolvers decode
// arguments and call the domain services; they hold no logic of their own.
type Resolver struct {
	client   *ent.Client
	guide    *guide.Service
	auth     *auth.Service
	audit    *audit.Recorder
	casework *casework.Service
	inquiry  *inquiry.Service
	// network: partners, recognition, referrals, trainings; triage:
	// updating and converting the site's inquiries (WithNetwork).
	network *network.Service
	triage  *inquiry.Triage
	// agenda: checklists, appointments and calendars (see WithAgenda).
	agenda agendaServices
}

// NewResolver returns the resolver root over the given services.
func NewResolver(client *ent.Client, g *guide.Service, a *auth.Service, rec *audit.Recorder) *Resolver {
	return &Resolver{client: client, guide: g, auth: a, audit: rec}
}

// WithCaseManagement adds the services of case management: casework and
// the triage of inquiries.
func (r *Resolver) WithCaseManagement(cw *casework.Service, inq *inquiry.Service) *Resolver {
	r.casework, r.inquiry = cw, inq
	return r
}

// WithNetwork adds the network's services to r: partners, recognition
// procedures, referrals and trainings, and the triage of inquiries.
func (r *Resolver) WithNetwork(n *network.Service, t *inquiry.Triage) *Resolver {
	r.network, r.triage = n, t
	return r
}
