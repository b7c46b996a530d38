// Package edge keeps whole answers of public reads in memory, so that a
// repeated read costs a map lookup instead of a GraphQL execution or a
// page rendering.
//
// An answer may be kept only when it is a pure function of what its key
// names (the request as sent, the reader's resolved language preference,
// the published guide's snapshot version and the day) and nothing else:
// an anonymous reader, no error, and no database statement while it was
// made (the published guide is served from the snapshot; anything that
// reads the database, personal data above all, runs statements). The
// request's Record learns both facts as the answer is made: the store
// calls Statement for every statement it sends, the GraphQL handler calls
// Query for a query operation. Code that answers from some other
// changing source without a statement must call Uncacheable.
//
// A kept answer is compressed once per encoding, on its first request
// that accepts the encoding, and its ETag is derived from its key, so a
// hit neither compresses nor hashes the body.
package edge
