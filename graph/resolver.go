package graph

import (
	"relocate/ent"
	"relocate/internal/audit"
	"relocate/internal/auth"
	"relocate/internal/guide"
	"relocate/internal/inquiry"
	"relocate/internal/network"
)

// Resolver is the root of the GraphQL resolvers. Resolvers decode
// arguments and call the domain services; they hold no logic of their own.
type Resolver struct {
	client *ent.Client
	guide  *guide.Service
	auth   *auth.Service
	audit  *audit.Recorder
	// network: partners, recognition, referrals, trainings; triage: the
	// site's inquiries (WithNetwork).
	network *network.Service
	triage  *inquiry.Triage
}

// NewResolver returns the resolver root over the given services.
func NewResolver(client *ent.Client, g *guide.Service, a *auth.Service, rec *audit.Recorder) *Resolver {
	return &Resolver{client: client, guide: g, auth: a, audit: rec}
}

// WithNetwork adds the network's services to r: partners, recognition
// procedures, referrals and trainings, and the triage of inquiries.
func (r *Resolver) WithNetwork(n *network.Service, t *inquiry.Triage) *Resolver {
	r.network, r.triage = n, t
	return r
}
