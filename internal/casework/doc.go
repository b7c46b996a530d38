// Package casework is case management: companies and their vacancies,
// newcomers (persons) with their family and consents, and their cases with
// tasks, notes and the timeline. The GraphQL API calls it; its resolvers
// decode and encode only.
//
// Every change is checked against the capability table first (a clear
// FORBIDDEN), then against the ent schema's limits, formats and privacy
// rules, and runs in the transaction of the mutation it belongs to,
// together with its timeline entry (one per change of a case) and the
// audit entry the GraphQL layer writes. A case changes only from the
// version the client read: a stale version answers CONFLICT and changes
// nothing. Its status follows one table of transitions (workflow.go).
// Processing a person's data needs a legal basis: a case is opened and
// changed only while a CASE_PROCESSING consent (or another recorded basis)
// holds; closing is always possible.
package casework
