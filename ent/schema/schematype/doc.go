// Package schematype holds the value types stored in ent fields and shown in
// GraphQL: publication status, weekly opening hours and an article's
// sources.
package schematype
