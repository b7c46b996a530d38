package seed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"relocate/ent"
	"relocate/ent/partner"
)

// Partner is an organisation of the service's network (partners.toml).
type Partner struct {
	// Key is the partner's stable key (Partner.key).
	Key string
	// Place is the key of the directory entry of the same organisation,
	// if it has one: their names and websites must agree.
	Place   string
	Name    string
	Country string
	Kind    partner.Kind
	Website string
	// Notes are the staff's first notes on the partner; loaded when it is
	// created, then the staff's.
	Notes string
}

// parsePartners reads partners.toml; content without one has no
// partners.
func (c *Content) parsePartners(fsys fs.FS) error {
	if _, err := fs.Stat(fsys, "partners.toml"); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var file struct {
		Partner []struct {
			Key, Place, Name, Country, Kind, Website, Notes string
		}
	}
	if err := decodeStrict(fsys, "partners.toml", &file); err != nil {
		return err
	}
	for _, p := range file.Partner {
		c.Partners = append(c.Partners, Partner{
			Key: p.Key, Place: p.Place, Name: p.Name, Country: p.Country, Kind: partner.Kind(p.Kind),
			Website: p.Website, Notes: p.Notes,
		})
	}
	return nil
}

// validatePartners checks the partners with the ent schema's validators
// and against the directory entries they name.
func (c *Content) validatePartners(check func(what, field string, validate func(string) error, value string), bad func(string, ...any)) {
	places := map[string]Place{}
	for _, p := range c.Places {
		places[p.Key] = p
	}
	seen := map[string]bool{}
	for _, p := range c.Partners {
		what := fmt.Sprintf("partner %q", p.Key)
		check(what, "key", partner.KeyValidator, p.Key)
		check(what, "name", partner.NameValidator, p.Name)
		check(what, "country", partner.CountryValidator, p.Country)
		check(what, "kind", func(string) error { return partner.KindValidator(p.Kind) }, "")
		check(what, "website", partner.WebsiteValidator, p.Website)
		check(what, "notes", partner.NotesValidator, p.Notes)
		if seen[p.Key] {
			bad("%s: key used twice", what)
		}
		seen[p.Key] = true
		if p.Place == "" {
			continue
		}
		pl, ok := places[p.Place]
		switch {
		case !ok:
			bad("%s: no place %q in places.toml", what, p.Place)
		case pl.Name != p.Name:
			bad("%s: named %q, but its place %q is named %q", what, p.Name, p.Place, pl.Name)
		case pl.Website != p.Website:
			bad("%s: website %q, but its place %q has %q", what, p.Website, p.Place, pl.Website)
		}
	}
}

// partners creates the partners of c that are missing (by key) and
// updates what the files say of those that differ: name, country, kind
// and website. Contact data and notes are the staff's once a partner
// exists; partners staff added (without a key) are left alone.
func (l *loader) partners(ctx context.Context, c *Content) error {
	existing, err := l.client.Partner.Query().Where(partner.KeyNotNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("seed: load partners: %w", err)
	}
	byKey := map[string]*ent.Partner{}
	for _, e := range existing {
		byKey[*e.Key] = e
	}
	for _, p := range c.Partners {
		e, ok := byKey[p.Key]
		changed := ok && (e.Name != p.Name || e.Country != p.Country || e.Kind != p.Kind || e.Website != p.Website)
		switch {
		case !ok:
			err = l.client.Partner.Create().SetKey(p.Key).SetName(p.Name).SetCountry(p.Country).SetKind(p.Kind).
				SetWebsite(p.Website).SetNotes(p.Notes).Exec(ctx)
		case changed:
			err = e.Update().SetName(p.Name).SetCountry(p.Country).SetKind(p.Kind).SetWebsite(p.Website).Exec(ctx)
		}
		l.count(!ok, changed)
		if err != nil {
			return fmt.Errorf("seed: partner %s: %w", p.Key, err)
		}
	}
	return nil
}
