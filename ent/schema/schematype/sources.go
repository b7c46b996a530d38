package schematype

// Source is a public source an article's facts were checked against: a law
// text, an authority's page, a newspaper article.
type Source struct {
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	// URL is an https:// address.
	URL string `json:"url"`
}

// Sources are an article's sources in the order its editors gave them;
// their rules are the ent schema's (schema.CheckSources).
type Sources []Source
