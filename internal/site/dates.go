package site

import (
	"fmt"
	"time"

	"relocate/internal/lang"
)

// monthNames are the months as each language writes them in a date: the
// German and English names, the Latvian nominative ("2026. gada
// 29. novembris") and the Russian genitive ("29 ноября 2026 г.").
var monthNames = map[lang.Code][12]string{
	lang.DE: {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	lang.LV: {"janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris"},
	lang.RU: {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"},
	lang.EN: {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// longDate writes the calendar day of t (in its own location) as readers
// of l write it: 29. November 2026, 2026. gada 29. novembris,
// 29 ноября 2026 г., 29 November 2026.
func longDate(l lang.Code, t time.Time) string {
	y, m, d := t.Date()
	names, ok := monthNames[l]
	if !ok {
		names = monthNames[lang.Source]
		l = lang.Source
	}
	month := names[m-1]
	switch l {
	case lang.LV:
		return fmt.Sprintf("%d. gada %d. %s", y, d, month)
	case lang.RU:
		return fmt.Sprintf("%d %s %d г.", d, month, y)
	case lang.EN:
		return fmt.Sprintf("%d %s %d", d, month, y)
	}
	return fmt.Sprintf("%d. %s %d", d, month, y)
}
