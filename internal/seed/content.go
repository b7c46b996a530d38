package seed

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"relocate/ent/schema/schematype"
	"relocate/internal/lang"
)

//go:embed content
var embedded embed.FS

// Content is the whole demo content, parsed.
type Content struct {
	Topics          []Topic
	Articles        []Article
	PlaceCategories []PlaceCategory
	Places          []Place
	Terms           []Term
	// Terminology is the one rendering each listed German term has in
	// every translation (terminology.toml); Validate checks the texts
	// against it.
	Terminology []Rendering
	// Partners are the organisations of the service's network
	// (partners.toml).
	Partners []Partner
	// Checklist are the steps of the checklist templates
	// (checklists.toml), which tasks of cases are made from.
	Checklist []ChecklistStep
}

// Topic is a guide category.
type Topic struct {
	Key      string
	Icon     string
	Position int
	Parent   string
	Texts    map[lang.Code]TopicText
}

// TopicText is a topic in one language.
type TopicText struct {
	Name, Slug, Description string
}

// Article is a guide article with its texts.
type Article struct {
	Key      string
	Topic    string
	Position int
	Related  []string
	Freshness
	Texts map[lang.Code]ArticleText
}

// Freshness says how current an article's German source is: when it was
// last checked against its sources, which year its figures are for, and
// the sources themselves.
type Freshness struct {
	// ReviewedAt is the day the German source was last checked.
	ReviewedAt *time.Time `toml:"reviewed_at"`
	// FiguresFor is the year the article's figures (amounts, thresholds,
	// fees) are valid for; 0 when it states none.
	FiguresFor int `toml:"figures_for"`
	// ValidUntil is the last day a stated fact is known to hold (a rule
	// that expires), if any.
	ValidUntil *time.Time `toml:"valid_until"`
	Sources    schematype.Sources
}

// Source is a public source an article's facts were checked against:
// title, publisher and an https:// URL.
type Source = schematype.Source

// ArticleText is an article in one language.
type ArticleText struct {
	Title, Slug, Summary, Body string
	MachineTranslated          bool
}

// PlaceCategory is a category of the directory.
type PlaceCategory struct {
	Key      string
	Icon     string
	Position int
	Names    map[lang.Code]string
}

// Place is an entry of the directory.
type Place struct {
	Key        string
	Category   string
	Name       string
	Street     string
	PostalCode string
	City       string
	Latitude   *float64
	Longitude  *float64
	Phone      string
	Email      string
	Website    string
	Languages  []string
	Wheelchair *bool
	Hours      schematype.OpeningHours
	Texts      map[lang.Code]PlaceText
}

// PlaceText is a place's description in one language.
type PlaceText struct {
	Name, Description string
}

// Term is a glossary term.
type Term struct {
	Key   string
	Term  string
	Texts map[lang.Code]TermText
}

// TermText explains a term in one language.
type TermText struct {
	Translation, Explanation string
}

// Rendering is a German term with the one rendering it has in each
// translation, and the renderings a translation must not use for it.
type Rendering struct {
	// German is the term as it appears in italics after its rendering:
	// "Anmeldung" in "dzīvesvietas reģistrācija (*Anmeldung*)".
	German string
	// Glossary is the key of the glossary term whose translation is this
	// rendering, if the glossary has one.
	Glossary string
	// Texts is the rendering in each language except the source.
	Texts map[lang.Code]string
	// Avoid lists, per language, renderings found in earlier texts that
	// must no longer be used for the term.
	Avoid map[lang.Code][]string
}

// Embedded returns the demo content compiled into the binary.
func Embedded() (*Content, error) {
	sub, err := fs.Sub(embedded, "content")
	if err != nil {
		return nil, err
	}
	return Parse(sub)
}

// Parse reads content laid out as described in content/README.md.
func Parse(fsys fs.FS) (*Content, error) {
	var c Content
	if err := c.parseTopics(fsys); err != nil {
		return nil, err
	}
	if err := c.parsePlaces(fsys); err != nil {
		return nil, err
	}
	if err := c.parseTerms(fsys); err != nil {
		return nil, err
	}
	if err := c.parseArticles(fsys); err != nil {
		return nil, err
	}
	if err := c.parseTerminology(fsys); err != nil {
		return nil, err
	}
	if err := c.parsePartners(fsys); err != nil {
		return nil, err
	}
	if err := c.parseChecklists(fsys); err != nil {
		return nil, err
	}
	return &c, nil
}

// decodeStrict decodes TOML into v and fails on keys v has no place for,
// so a typo in a content file is an error rather than a silent loss.
func decodeStrict(fsys fs.FS, name string, v any) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("seed: read %s: %w", name, err)
	}
	return decodeBytes(name, data, v)
}

func decodeBytes(name string, data []byte, v any) error {
	md, err := toml.Decode(string(data), v)
	if err != nil {
		return fmt.Errorf("seed: %s: %w", name, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return fmt.Errorf("seed: %s: unknown keys %v", name, undecoded)
	}
	return nil
}

func (c *Content) parseTopics(fsys fs.FS) error {
	var file struct {
		Topic []struct {
			Key      string
			Icon     string
			Position int
			Parent   string
			DE       *TopicText `toml:"de"`
			LV       *TopicText `toml:"lv"`
			RU       *TopicText `toml:"ru"`
			EN       *TopicText `toml:"en"`
		}
	}
	if err := decodeStrict(fsys, "topics.toml", &file); err != nil {
		return err
	}
	for _, t := range file.Topic {
		c.Topics = append(c.Topics, Topic{
			Key: t.Key, Icon: t.Icon, Position: t.Position, Parent: t.Parent,
			Texts: byLanguage(t.DE, t.LV, t.RU, t.EN),
		})
	}
	return nil
}

func (c *Content) parsePlaces(fsys fs.FS) error {
	var cats struct {
		Category []struct {
			Key      string
			Icon     string
			Position int
			DE       *struct{ Name string } `toml:"de"`
			LV       *struct{ Name string } `toml:"lv"`
			RU       *struct{ Name string } `toml:"ru"`
			EN       *struct{ Name string } `toml:"en"`
		}
	}
	if err := decodeStrict(fsys, "place-categories.toml", &cats); err != nil {
		return err
	}
	for _, pc := range cats.Category {
		names := map[lang.Code]string{}
		for l, t := range byLanguage(pc.DE, pc.LV, pc.RU, pc.EN) {
			names[l] = t.Name
		}
		c.PlaceCategories = append(c.PlaceCategories, PlaceCategory{Key: pc.Key, Icon: pc.Icon, Position: pc.Position, Names: names})
	}
	var places struct {
		Place []struct {
			Key        string
			Category   string
			Name       string
			Street     string
			PostalCode string `toml:"postal_code"`
			City       string
			Latitude   *float64
			Longitude  *float64
			Phone      string
			Email      string
			Website    string
			Languages  []string
			Wheelchair *bool
			Hours      []schematype.OpeningPeriod
			DE         *PlaceText `toml:"de"`
			LV         *PlaceText `toml:"lv"`
			RU         *PlaceText `toml:"ru"`
			EN         *PlaceText `toml:"en"`
		}
	}
	if err := decodeStrict(fsys, "places.toml", &places); err != nil {
		return err
	}
	for _, p := range places.Place {
		c.Places = append(c.Places, Place{
			Key: p.Key, Category: p.Category, Name: p.Name, Street: p.Street, PostalCode: p.PostalCode,
			City: p.City, Latitude: p.Latitude, Longitude: p.Longitude, Phone: p.Phone, Email: p.Email,
			Website: p.Website, Languages: p.Languages, Wheelchair: p.Wheelchair, Hours: p.Hours,
			Texts: byLanguage(p.DE, p.LV, p.RU, p.EN),
		})
	}
	return nil
}

func (c *Content) parseTerms(fsys fs.FS) error {
	var file struct {
		Term []struct {
			Key  string
			Term string
			DE   *TermText `toml:"de"`
			LV   *TermText `toml:"lv"`
			RU   *TermText `toml:"ru"`
			EN   *TermText `toml:"en"`
		}
	}
	if err := decodeStrict(fsys, "glossary.toml", &file); err != nil {
		return err
	}
	for _, t := range file.Term {
		c.Terms = append(c.Terms, Term{Key: t.Key, Term: t.Term, Texts: byLanguage(t.DE, t.LV, t.RU, t.EN)})
	}
	return nil
}

// parseTerminology reads terminology.toml; content without one has no
// terminology list.
func (c *Content) parseTerminology(fsys fs.FS) error {
	if _, err := fs.Stat(fsys, "terminology.toml"); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	type perLanguage[T any] struct {
		LV T `toml:"lv"`
		RU T `toml:"ru"`
		EN T `toml:"en"`
	}
	var file struct {
		Term []struct {
			DE       string `toml:"de"`
			Glossary string
			perLanguage[string]
			Avoid perLanguage[[]string]
		}
	}
	if err := decodeStrict(fsys, "terminology.toml", &file); err != nil {
		return err
	}
	for _, t := range file.Term {
		r := Rendering{German: t.DE, Glossary: t.Glossary,
			Texts: map[lang.Code]string{}, Avoid: map[lang.Code][]string{}}
		for l, s := range map[lang.Code]string{lang.LV: t.LV, lang.RU: t.RU, lang.EN: t.EN} {
			if s != "" {
				r.Texts[l] = s
			}
		}
		for l, a := range map[lang.Code][]string{lang.LV: t.Avoid.LV, lang.RU: t.Avoid.RU, lang.EN: t.Avoid.EN} {
			if len(a) > 0 {
				r.Avoid[l] = a
			}
		}
		c.Terminology = append(c.Terminology, r)
	}
	return nil
}

// frontMatter is the TOML head of an article file.
type frontMatter struct {
	Title             string
	Slug              string
	Summary           string
	MachineTranslated bool `toml:"machine_translated"`
	// Only in the German source:
	Topic    string
	Position int
	Related  []string
	Freshness
}

func (c *Content) parseArticles(fsys fs.FS) error {
	dirs, err := fs.ReadDir(fsys, "articles")
	if err != nil {
		return fmt.Errorf("seed: read articles: %w", err)
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		a := Article{Key: d.Name(), Texts: map[lang.Code]ArticleText{}}
		for _, l := range lang.All {
			name := path.Join("articles", d.Name(), string(l)+".md")
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				continue // a missing translation; Validate reports it
			}
			fm, body, err := splitFrontMatter(name, data)
			if err != nil {
				return err
			}
			if l == lang.Source {
				a.Topic, a.Position, a.Related, a.Freshness = fm.Topic, fm.Position, fm.Related, fm.Freshness
			} else if fm.Topic != "" || fm.Position != 0 || fm.Related != nil || fm.ReviewedAt != nil ||
				fm.FiguresFor != 0 || fm.ValidUntil != nil || fm.Sources != nil {
				return fmt.Errorf("seed: %s: topic, position, related, reviewed_at, figures_for, valid_until and sources belong in de.md only", name)
			}
			a.Texts[l] = ArticleText{Title: fm.Title, Slug: fm.Slug, Summary: fm.Summary, Body: body, MachineTranslated: fm.MachineTranslated}
		}
		c.Articles = append(c.Articles, a)
	}
	slices.SortFunc(c.Articles, func(x, y Article) int { return strings.Compare(x.Key, y.Key) })
	return nil
}

// splitFrontMatter separates the +++ delimited TOML head of an article file
// from its Markdown body.
func splitFrontMatter(name string, data []byte) (frontMatter, string, error) {
	var fm frontMatter
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(data, []byte("+++\n"))
	if !ok {
		return fm, "", fmt.Errorf("seed: %s: must start with a +++ line", name)
	}
	head, body, ok := bytes.Cut(rest, []byte("\n+++\n"))
	if !ok {
		return fm, "", fmt.Errorf("seed: %s: front matter has no closing +++ line", name)
	}
	if err := decodeBytes(name, head, &fm); err != nil {
		return fm, "", err
	}
	return fm, strings.TrimSpace(string(body)) + "\n", nil
}

// byLanguage collects the per-language tables that are present.
func byLanguage[T any](de, lv, ru, en *T) map[lang.Code]T {
	m := map[lang.Code]T{}
	for l, t := range map[lang.Code]*T{lang.DE: de, lang.LV: lv, lang.RU: ru, lang.EN: en} {
		if t != nil {
			m[l] = *t
		}
	}
	return m
}
