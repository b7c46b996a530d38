package graph

import (
	"relocate/ent"
	"relocate/internal/guide"
)

// Resolver is the root of the GraphQL resolvers. Resolvers decode
// arguments and call the domain services; they hold no logic of their own.
type Resolver struct {
	client *ent.Client
	guide  *guide.Service
}

// NewResolver returns the resolver root over the given services.
func NewResolver(client *ent.Client, g *guide.Service) *Resolver {
	return &Resolver{client: client, guide: g}
}
