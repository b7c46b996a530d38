// Package model receives GraphQL types gqlgen generates itself. Today every
// type is bound to a Go type of the domain (see gqlgen.yml), so it is empty.
package model
