// Package schematype holds the value types stored in ent fields and shown in
// GraphQL: publication status and weekly opening hours.
package schematype
