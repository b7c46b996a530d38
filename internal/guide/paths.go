package guide

import "relocate/internal/lang"

// guideSegment is the path segment of guide pages in each language.
var guideSegment = map[lang.Code]string{
	lang.DE: "ratgeber",
	lang.LV: "celvedis",
	lang.RU: "spravochnik",
	lang.EN: "guide",
}

// ArticlePath is the public page of an article for readers of language l,
// e.g. /lv/celvedis/dzivesvietas-registracija. slug may be of another
// language when l has no translation: the page then serves the fallback.
func ArticlePath(l lang.Code, slug string) string {
	return "/" + string(l) + "/" + guideSegment[l] + "/" + slug
}

// GuideSegment is the path segment of guide pages in language l.
func GuideSegment(l lang.Code) string { return guideSegment[l] }
