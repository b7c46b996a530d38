package graph

import (
	"github.com/99designs/gqlgen/graphql"

	"relocate/ent/schema/schematype"
	"relocate/graph/model"
	"relocate/internal/casework"
)

// Conversions from the case management inputs to the service's types.

// edit turns a field that may be left out or null into a casework.Edit:
// left out leaves the field, null clears it.
func edit[T any](o graphql.Omittable[*T]) casework.Edit[T] {
	v, set := o.ValueOK()
	if !set {
		return casework.Edit[T]{}
	}
	return casework.Edit[T]{Set: true, Value: v}
}

// given is a casework.Edit that sets the field when v is not nil.
func given[T any](v *T) casework.Edit[T] {
	if v == nil {
		return casework.Edit[T]{}
	}
	return casework.To(*v)
}

func contacts(in []*model.CompanyContactInput) []casework.Contact {
	out := make([]casework.Contact, len(in))
	for i, c := range in {
		out[i] = casework.Contact{Name: c.Name, Position: deref(c.Position), Email: deref(c.Email), Phone: deref(c.Phone), UserID: c.UserID}
	}
	return out
}

func languageSkills(in []*model.LanguageSkillInput) schematype.LanguageSkills {
	if in == nil {
		return nil
	}
	out := make(schematype.LanguageSkills, len(in))
	for i, l := range in {
		out[i] = schematype.LanguageSkill{Language: l.Language, Level: l.Level, Native: deref(l.Native)}
	}
	return out
}

func familyMembers(in []*model.FamilyMemberInput) []casework.FamilyMemberInput {
	if in == nil {
		return nil
	}
	out := make([]casework.FamilyMemberInput, len(in))
	for i, f := range in {
		out[i] = casework.FamilyMemberInput{Relation: f.Relation, GivenName: deref(f.GivenName), BirthYear: f.BirthYear, Needs: f.Needs}
	}
	return out
}

func createPerson(in model.CreatePersonInput) casework.PersonInput {
	return casework.PersonInput{
		GivenName: &in.GivenName, FamilyName: &in.FamilyName, DateOfBirth: given(in.DateOfBirth), Gender: in.Gender,
		Nationality: in.Nationality, CountryOfResidence: in.CountryOfResidence, PreferredLanguage: in.PreferredLanguage,
		Languages: languageSkills(in.Languages), Email: in.Email, Phone: in.Phone, QualificationTitle: in.QualificationTitle,
		QualificationCountry: in.QualificationCountry, IscedLevel: given(in.IscedLevel),
		LabourMarketStatus: given(in.LabourMarketStatus), FamilyMembers: familyMembers(in.FamilyMembers),
	}
}

func updatePerson(in model.UpdatePersonInput) casework.PersonInput {
	return casework.PersonInput{
		GivenName: in.GivenName, FamilyName: in.FamilyName, DateOfBirth: edit(in.DateOfBirth), Gender: in.Gender,
		Nationality: in.Nationality, CountryOfResidence: in.CountryOfResidence, PreferredLanguage: in.PreferredLanguage,
		Languages: languageSkills(in.Languages), Email: in.Email, Phone: in.Phone, QualificationTitle: in.QualificationTitle,
		QualificationCountry: in.QualificationCountry, IscedLevel: edit(in.IscedLevel),
		LabourMarketStatus: edit(in.LabourMarketStatus), FamilyMembers: familyMembers(in.FamilyMembers),
	}
}
