package lang

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/text/language"
)

// How a request's language was chosen; reported to clients.
const (
	ByDirective      = "directive"
	ByAccount        = "account"
	ByAcceptLanguage = "accept-language"
	ByDefault        = "default"
)

// Preference is the language of one request and the order in which other
// languages are tried when a text is missing.
type Preference struct {
	// Language is the language the client asked for.
	Language Code
	// Chain starts with Language, then follows the client's own
	// Accept-Language list, then English, then German; no duplicates.
	Chain []Code
	// ChosenBy says where Language came from (ByDirective, …).
	ChosenBy string
	// accepted keeps the Accept-Language order so a directive can be
	// applied on top of it.
	accepted []Code
	// key names the preference (see Key).
	key string
}

var matcher = language.NewMatcher([]language.Tag{
	language.German, language.Latvian, language.Russian, language.English,
})

// Default is the preference of a request that states no language.
func Default() Preference { return defaultPreference }

var defaultPreference = build(nil, "", ByDefault)

// FromAcceptLanguage negotiates the preference from an Accept-Language
// header: languages in q-value order, regional variants matched to their
// language (lv-LV → lv), unknown languages and q=0 ignored; German when
// nothing matches.
func FromAcceptLanguage(header string) Preference {
	if header == "" {
		return Default()
	}
	return negotiate(header)
}

// Negotiator is FromAcceptLanguage with the preferences of the headers it
// has seen kept: the headers of most readers are few and repeat with
// every request. It keeps at most maxNegotiated headers of at most
// maxNegotiatedHeader bytes (a client that sends a new header with every
// request is answered, not remembered). Safe for concurrent use; the
// preferences it hands out are shared and never changed.
type Negotiator struct {
	kept  sync.Map // header → Preference
	count atomic.Int64
}

// How many negotiated Accept-Language headers a Negotiator keeps, and how
// long one may be: enough for every browser and app in use.
const (
	maxNegotiated       = 512
	maxNegotiatedHeader = 256
)

// FromAcceptLanguage is the package's FromAcceptLanguage, kept.
func (n *Negotiator) FromAcceptLanguage(header string) Preference {
	if header == "" {
		return Default()
	}
	if p, ok := n.kept.Load(header); ok {
		return p.(Preference)
	}
	p := negotiate(header)
	if len(header) <= maxNegotiatedHeader && n.count.Load() < maxNegotiated {
		if _, loaded := n.kept.LoadOrStore(strings.Clone(header), p); !loaded {
			n.count.Add(1)
		}
	}
	return p
}

func negotiate(header string) Preference {
	tags, qs, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return Default()
	}
	var accepted []Code
	for i, t := range tags {
		if qs[i] <= 0 {
			continue
		}
		_, idx, conf := matcher.Match(t)
		if conf < language.High {
			continue
		}
		if c := All[idx]; !slices.Contains(accepted, c) {
			accepted = append(accepted, c)
		}
	}
	if len(accepted) == 0 {
		return Default()
	}
	return build(accepted, accepted[0], ByAcceptLanguage)
}

// WithLanguage returns p with c chosen explicitly (the @inContext
// directive), keeping the client's Accept-Language list as fallbacks.
func (p Preference) WithLanguage(c Code) Preference {
	return build(p.accepted, c, ByDirective)
}

// ForAccount returns p with the language of a signed-in reader's account
// first, the request's Accept-Language list kept as fallbacks; a
// directive still overrides it.
func (p Preference) ForAccount(c Code) Preference {
	if !c.Valid() {
		return p
	}
	return build(p.accepted, c, ByAccount)
}

// Key names p: two preferences with the same key are the same preference
// (caches of whole answers key on it).
func (p Preference) Key() string {
	if p.key == "" {
		return defaultPreference.key
	}
	return p.key
}

// build makes a preference. Its lists are clipped: a caller that appends
// to Chain gets a list of its own, never one shared with other requests.
func build(accepted []Code, first Code, by string) Preference {
	if first == "" {
		first = Source
	}
	chain := []Code{first}
	for _, c := range append(slices.Clone(accepted), EN, DE) {
		if !slices.Contains(chain, c) {
			chain = append(chain, c)
		}
	}
	accepted = slices.Clip(accepted)
	var k strings.Builder
	k.WriteString(by + ":" + string(first) + ":")
	for _, c := range accepted {
		k.WriteString(string(c) + ",")
	}
	return Preference{Language: first, Chain: slices.Clip(chain), ChosenBy: by, accepted: accepted, key: k.String()}
}

type ctxKey struct{}

// NewContext returns ctx carrying p.
func NewContext(ctx context.Context, p Preference) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// FromContext returns the preference carried by ctx, or Default.
func FromContext(ctx context.Context) Preference {
	if p, ok := ctx.Value(ctxKey{}).(Preference); ok {
		return p
	}
	return Default()
}

// For returns the preference of a reader who asked for c and said nothing
// else: c, then English, then German.
func For(c Code) Preference { return build(nil, c, ByDirective) }
