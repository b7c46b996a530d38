package schema

// PersonalData marks an entity whose rows are personal data: data about a
// person (accounts, inquiries, sessions, the audit log's addresses). The
// code generator gives each marked entity a PersonalData method (see
// ent/template/personal.tmpl), and the GraphQL face audits every read of
// such a row that is not the reader's own, wherever in an operation it is
// read. A test reads the GraphQL schema and fails on an object type that is
// neither marked nor listed as not personal, so a new entity cannot be
// added without that decision.
type PersonalData struct {
	// Subject is the field naming the user the row is about ("id" for the
	// user itself); empty when no user is known. A user reading rows about
	// themselves is not audited.
	Subject string
}

// Name implements schema.Annotation.
func (PersonalData) Name() string { return "PersonalData" }
