// Package graph holds the GraphQL face of relocate: the hand-written SDL next
// to the entgql-generated ent.graphqls, and thin resolvers over the domain
// services.
package graph

//go:generate go run github.com/99designs/gqlgen generate
