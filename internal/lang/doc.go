// Package lang defines the languages relocate serves content in (German as
// the source, Latvian, Russian and English) and how the language of a request
// is chosen: the @inContext(language:) operation directive, else the
// Accept-Language header, else German. It has no dependencies inside the
// project, so the ent schema, the domain services and both faces share it.
package lang
