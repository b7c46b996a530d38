// Package guide is the welcome guide's domain layer: topics, articles,
// places, glossary terms and languages, each served in the language a
// request asks for with a fallback that follows the reader's own
// preferences. The GraphQL resolvers and the public site both read through
// this package.
package guide
