package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"relocate/internal/apperr"
	"relocate/internal/viewer"
)

// rule says who may use a field.
type rule struct {
	public   bool // anyone, signed in or not
	signedIn bool // any signed-in user
	// capability: users whom their roles grant it (see the capability
	// table in internal/viewer).
	capability viewer.Capability
}

var (
	public   = rule{public: true}
	signedIn = rule{signedIn: true}
	admins   = rule{capability: viewer.ManageUsers}
	auditors = rule{capability: viewer.ReadAuditLog}
	// editors change structure, German texts and publication.
	editors = rule{capability: viewer.EditSource}
	// draftReaders read drafts, revisions and the translation dashboard.
	draftReaders = rule{capability: viewer.ReadDrafts}
	// translators write texts; the services and ent rules check the language.
	translators = rule{capability: viewer.Translate}
)

// access classifies every field of the schema, as "Type.field" or, for all
// fields of a type, "Type.*". A test fails when a field is missing, and an
// unclassified field is refused. Which rows a viewer sees is decided below
// this layer, by the ent schema (published content for the public, users
// for administrators and themselves …), so node(id:) with an ID the viewer
// may not see answers exactly like a missing one.
var access = map[string]rule{
	// The public welcome guide.
	"Query.node": public, "Query.nodes": public,
	"Query.languages": public, "Query.guideCategories": public, "Query.guideCategory": public,
	"Query.guideArticle": public, "Query.guideArticles": public, "Query.searchGuide": public,
	"Query.places": public, "Query.placeCategories": public, "Query.place": public, "Query.glossaryTerms": public,
	"Language.*": public, "GuideCategory.*": public, "GuideCategoryConnection.*": public, "GuideCategoryEdge.*": public,
	"GuideArticle.*": public, "GuideArticleConnection.*": public, "GuideArticleEdge.*": public,
	"GuideArticleTranslationLink.*": public, "TranslationLink.*": public, "GuideSearchHit.*": public,
	// How current an article's facts are, and their sources: public, on
	// the site too (GuideArticle.* says so already; named for the record).
	"GuideArticle.reviewedAt": public, "GuideArticle.figuresFor": public, "GuideArticle.validUntil": public,
	"GuideArticle.sources": public, "GuideArticle.reviewDue": public, "GuideArticle.freshness": public,
	"Source.*": public,
	"Place.*":  public, "PlaceConnection.*": public, "PlaceEdge.*": public, "OpeningPeriod.*": public,
	"PlaceCategory.*": public, "GlossaryTerm.*": public, "GlossaryTermConnection.*": public, "GlossaryTermEdge.*": public,
	"PageInfo.*": public,

	// Accounts.
	"Query.viewer":   public, // null for anonymous readers
	"Mutation.login": public, "LoginPayload.*": public,
	"Mutation.logout": signedIn,
	// Rows: administrators see every user, a user themselves; anonymous
	// readers reach only the account they just signed in to (LoginPayload).
	"User.*":      public,
	"Query.users": admins, "UserConnection.*": admins, "UserEdge.*": admins,
	"Mutation.createUser": admins, "Mutation.updateUser": admins, "Mutation.disableUser": admins,

	// The audit log.
	"Query.auditLog": auditors, "AuditEntry.*": auditors, "AuditEntryConnection.*": auditors, "AuditEntryEdge.*": auditors,

	// The editorial workflow.
	"GuideArticle.revisions":           draftReaders,
	"GuideArticleRevision.*":           draftReaders,
	"GuideArticleRevisionConnection.*": draftReaders, "GuideArticleRevisionEdge.*": draftReaders,
	"Query.translationDashboard": draftReaders,
	"TranslationDashboard.*":     draftReaders, "LanguageProgress.*": draftReaders, "TranslationTask.*": draftReaders,
	"ReviewTask.*":                draftReaders,
	"Mutation.createGuideArticle": editors, "Mutation.updateGuideArticle": editors,
	"Mutation.editGuideArticleSource":       editors,
	"Mutation.writeGuideArticleTranslation": translators, "Mutation.restoreGuideArticleRevision": translators,
	"Mutation.createGuideCategory": editors, "Mutation.updateGuideCategory": editors,
	"Mutation.writeGuideCategoryText": translators,
	"Mutation.createPlace":            editors, "Mutation.updatePlace": editors, "Mutation.writePlaceText": translators,
	"Mutation.createGlossaryTerm": editors, "Mutation.updateGlossaryTerm": editors,
	"Mutation.writeGlossaryTermText": translators,
	"Mutation.publish":               editors, "Mutation.unpublish": editors, "Mutation.archive": editors,
	"Mutation.reorder": editors,
}

// ruleFor returns the rule of field on object.
func ruleFor(object, field string) (rule, bool) {
	if r, ok := access[object+"."+field]; ok {
		return r, true
	}
	r, ok := access[object+".*"]
	return r, ok
}

// allows returns nil when v may use a field under r; otherwise the error to
// answer: UNAUTHENTICATED for anonymous readers, FORBIDDEN for others.
func (r rule) allows(v viewer.Viewer) error {
	switch {
	case r.public:
		return nil
	case v.Anonymous():
		return apperr.ErrUnauthenticated
	case r.signedIn || v.Can(r.capability):
		return nil
	}
	return apperr.ErrForbidden
}

// authorize is the field middleware that enforces access on every field.
func authorize(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if strings.HasPrefix(fc.Object, "__") || strings.HasPrefix(fc.Field.Name, "__") {
		return next(ctx) // introspection
	}
	r, ok := ruleFor(fc.Object, fc.Field.Name)
	if !ok {
		noteRefusal(ctx, apperr.ErrForbidden)
		return nil, apperr.ErrForbidden
	}
	if err := r.allows(viewer.FromContext(ctx)); err != nil {
		noteRefusal(ctx, err) // audited, summed up (auditing.go)
		return nil, err
	}
	return next(ctx)
}
