package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"relocate/ent/privacy"
	"relocate/internal/lang"
	"relocate/internal/rule"
	"relocate/internal/viewer"
)

// User is someone who signs in: a member of staff, a company contact
// (acting for their company) or a newcomer (following their own case).
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Comment("Lower case; signs in with it.").
			Annotations(entgql.OrderField("EMAIL")),
		field.String("display_name").NotEmpty().MaxLen(200).Annotations(entgql.OrderField("DISPLAY_NAME")),
		field.Enum("preferred_language").GoType(lang.Code("")).Default(string(lang.DE)).
			Annotations(entgql.Type("LanguageCode"), entgql.Skip(entgql.SkipEnumField)),
		field.String("password_hash").Sensitive().Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("roles", []viewer.Role{}).Annotations(entgql.Type("[Role!]")),
		field.JSON("translation_languages", []lang.Code{}).Optional().
			Comment("The languages a translator may write.").
			Annotations(entgql.Type("[LanguageCode!]")),
		field.Int("company_id").Optional().Nillable().
			Comment("For company contacts: the company they act for.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("case_id").Optional().Nillable().
			Comment("For newcomers: their own case.").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Bool("active").Default(true),
		field.Time("last_login_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sessions", Session.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("company", Company.Type).Unique().Field("company_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("own_case", CaseFile.Type).Unique().Field("case_id").
			Annotations(entgql.MapsTo("case"), entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the User.
func (User) Indexes() []ent.Index { return []ent.Index{index.Fields("email").Unique()} }

// Policy of the User: those who manage users see and change every
// account, a signed-in user sees their own, nobody else sees anyone.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.UsersVisible()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Require(viewer.ManageUsers)},
	}
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), PersonalData{Subject: "id"}}
}

// Session is a signed-in session: the hash of its token, never the token.
type Session struct{ ent.Schema }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").NotEmpty().Unique().Immutable().Sensitive(),
		field.Enum("kind").Values("BEARER", "COOKIE").Immutable(),
		field.Int("user_id").Immutable(),
		field.Time("created_at").Immutable(),
		field.Time("expires_at"),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Unique().Required().Immutable().Field("user_id"),
	}
}

// Policy of the Session: sessions are the system's business only.
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.Hidden()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.Refused()},
	}
}

// Annotations of the Session.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll), PersonalData{Subject: "user_id"}}
}
