package network

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"

	"relocate/ent"
	"relocate/ent/partner"
	"relocate/internal/apperr"
	"relocate/internal/paging"
	"relocate/internal/viewer"
)

// PartnerInput is what staff write about a partner; nil leaves a field as
// it is (and, on creation, at its default). Name, country and kind are
// required on creation.
type PartnerInput struct {
	Name, Country                             *string
	Kind                                      *partner.Kind
	ContactName, Email, Phone, Website, Notes *string
}

// checkPartner collects every wrong field of in.
func checkPartner(in PartnerInput, create bool) error {
	var f apperr.Fields
	if create {
		for path, v := range map[string]*string{"name": in.Name, "country": in.Country} {
			if v == nil {
				f.Check(path, errRequired)
			}
		}
		if in.Kind == nil {
			f.Check("kind", errRequired)
		}
	}
	check(&f, "name", partner.NameValidator, in.Name)
	check(&f, "country", partner.CountryValidator, in.Country)
	check(&f, "contactName", partner.ContactNameValidator, in.ContactName)
	check(&f, "email", partner.EmailValidator, in.Email)
	check(&f, "phone", partner.PhoneValidator, in.Phone)
	check(&f, "website", partner.WebsiteValidator, in.Website)
	check(&f, "notes", partner.NotesValidator, in.Notes)
	return f.Err()
}

// CreatePartner adds an organisation to the network.
func (s *Service) CreatePartner(ctx context.Context, in PartnerInput) (*ent.Partner, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	if err := checkPartner(in, true); err != nil {
		return nil, err
	}
	var p *ent.Partner
	err := s.inTx(ctx, func(tx *ent.Client) (err error) {
		p, err = tx.Partner.Create().SetName(*in.Name).SetCountry(*in.Country).SetKind(*in.Kind).
			SetNillableContactName(in.ContactName).SetNillableEmail(in.Email).SetNillablePhone(in.Phone).
			SetNillableWebsite(in.Website).SetNillableNotes(in.Notes).Save(ctx)
		if err != nil {
			return fmt.Errorf("network: create partner: %w", err)
		}
		return nil
	})
	return p, err
}

// UpdatePartner changes what staff know about a partner.
func (s *Service) UpdatePartner(ctx context.Context, id int, in PartnerInput) (*ent.Partner, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	var p *ent.Partner
	err := s.inTx(ctx, func(tx *ent.Client) error {
		cur, err := tx.Partner.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrPartnerNotFound)
		}
		if err := checkPartner(in, false); err != nil {
			return err
		}
		p, err = cur.Update().SetNillableName(in.Name).SetNillableCountry(in.Country).SetNillableKind(in.Kind).
			SetNillableContactName(in.ContactName).SetNillableEmail(in.Email).SetNillablePhone(in.Phone).
			SetNillableWebsite(in.Website).SetNillableNotes(in.Notes).Save(ctx)
		if err != nil {
			return fmt.Errorf("network: update partner %d: %w", id, err)
		}
		return nil
	})
	return p, err
}

// Partners returns a page of the partners; without order, by name.
func (s *Service) Partners(ctx context.Context, p paging.Page, order *ent.PartnerOrder, where *ent.PartnerWhereInput) (*ent.PartnerConnection, error) {
	if err := require(ctx, viewer.ManageCases); err != nil {
		return nil, err
	}
	p, err := p.Normalize()
	if err != nil {
		return nil, err
	}
	if order == nil {
		order = &ent.PartnerOrder{Field: ent.PartnerOrderFieldName, Direction: entgql.OrderDirectionAsc}
	}
	opts := []ent.PartnerPaginateOption{ent.WithPartnerOrder(order)}
	if where != nil {
		opts = append(opts, ent.WithPartnerFilter(where.Filter))
	}
	return s.ent(ctx).Partner.Query().Paginate(ctx, p.After, p.First, p.Before, p.Last, opts...)
}
