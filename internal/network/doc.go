// Package network is the service's work with others: the partner
// organisations of its network (partners.toml and those staff add), the
// recognition procedures of a person's foreign qualification, the
// referrals of a case to a partner for one service, and the intercultural
// trainings companies book. The GraphQL API calls it; its resolvers decode
// and encode only.
//
// Every change is checked against the capability table first (a clear
// FORBIDDEN), then field by field against the ent schema's limits and
// formats (every wrong field at once), and runs in the transaction of the
// mutation it belongs to, with one timeline entry on the case where it
// concerns one. A referral shares the person's data with a partner and is
// refused while their consent to share with partners is missing or
// withdrawn (CONSENT_MISSING). Referrals follow one table of transitions
// (referralMoves), recognition procedures another (recognitionMoves); the
// service, its error messages and the API's allowedTransitions read them.
// A training is never booked beyond its capacity, also when companies book
// at the same moment: bookings of one training take turns on its row.
package network
