// Package ent is generated from the schemas in ent/schema; only entc.go,
// generate.go, schema/ and template/ are written by hand.
package ent

//go:generate go run -mod=mod entc.go
