package demo

// The words demo data is made of. Companies are made up from the region's
// places and trades: any likeness to a real firm is chance, and no real
// person's data is used.

// municipalities of the Magdeburg economic region, with postal codes.
var municipalities = []struct{ name, postalCode string }{
	{"Magdeburg", "39104"}, {"Magdeburg", "39112"}, {"Magdeburg", "39126"}, {"Magdeburg", "39118"},
	{"Barleben", "39179"}, {"Burg", "39288"}, {"Schönebeck (Elbe)", "39218"}, {"Haldensleben", "39340"},
	{"Wolmirstedt", "39326"}, {"Genthin", "39307"}, {"Staßfurt", "39418"}, {"Oschersleben (Bode)", "39387"},
	{"Wanzleben-Börde", "39164"}, {"Gommern", "39245"}, {"Möser", "39291"}, {"Biederitz", "39175"},
	{"Hohe Börde", "39167"}, {"Niedere Börde", "39345"}, {"Calbe (Saale)", "39240"}, {"Barby", "39249"},
}

// companyPrefixes and trades make company names: "Elbe Stahlbau GmbH".
var companyPrefixes = []string{
	"Elbe", "Börde", "Saale", "Ohre", "Bode", "Altmark", "Elbufer", "Domstadt", "Rotehorn", "Sudenburger",
	"Jerichower", "Ottersleber", "Hafen", "Elbauen", "Mittelland", "Ihle", "Stadtfelder", "Buckauer",
}

var trades = []struct {
	name, sectorCode, sectorName string
	// occupations this trade hires: KldB 2010 code, title, regulated in
	// Germany (recognition needed).
	occupations []occupation
}{
	{"Stahlbau", "25.11", "Herstellung von Metallkonstruktionen", []occupation{{"24422", "Schweißer (m/w/d)", false}, {"24412", "Metallbauer (m/w/d)", false}}},
	{"Metalltechnik", "25.62", "Mechanik a. n. g.", []occupation{{"24232", "Zerspanungsmechaniker (m/w/d)", false}, {"24422", "Schweißer (m/w/d)", false}}},
	{"Pflege", "87.10", "Pflegeheime", []occupation{{"81302", "Pflegefachkraft (m/w/d)", true}, {"82102", "Altenpfleger (m/w/d)", true}}},
	{"Logistik", "49.41", "Güterbeförderung im Straßenverkehr", []occupation{{"52122", "Berufskraftfahrer (m/w/d)", false}, {"51312", "Fachkraft für Lagerlogistik (m/w/d)", false}}},
	{"Elektrotechnik", "43.21", "Elektroinstallation", []occupation{{"26212", "Elektroniker (m/w/d)", true}, {"26252", "Elektroanlagenmonteur (m/w/d)", false}}},
	{"Kfz-Technik", "45.20", "Instandhaltung und Reparatur von Kraftwagen", []occupation{{"25212", "Kfz-Mechatroniker (m/w/d)", true}}},
	{"Gastronomie", "56.10", "Restaurants, Gaststätten, Imbissstuben, Cafés", []occupation{{"29302", "Koch (m/w/d)", false}, {"63302", "Restaurantfachkraft (m/w/d)", false}}},
	{"Bau", "41.20", "Bau von Gebäuden", []occupation{{"32122", "Maurer (m/w/d)", false}, {"32212", "Zimmerer (m/w/d)", false}}},
	{"Landtechnik", "28.30", "Herstellung von land- und forstwirtschaftlichen Maschinen", []occupation{{"25222", "Land- und Baumaschinenmechatroniker (m/w/d)", false}}},
	{"Lebensmittel", "10.71", "Herstellung von Backwaren", []occupation{{"29212", "Bäcker (m/w/d)", true}, {"29202", "Fachkraft für Lebensmitteltechnik (m/w/d)", false}}},
	{"Solartechnik", "43.22", "Gas-, Wasser-, Heizungs- sowie Lüftungs- und Klimainstallation", []occupation{{"34212", "Anlagenmechaniker SHK (m/w/d)", true}}},
	{"Holzbau", "16.23", "Herstellung von sonstigen Konstruktionsteilen aus Holz", []occupation{{"22312", "Tischler (m/w/d)", true}}},
}

// occupation is a KldB 2010 occupation a vacancy asks for.
type occupation struct {
	code, title string
	regulated   bool
}

var legalForms = []string{"GmbH", "GmbH", "GmbH & Co. KG", "AG", "e.K.", "KG"}

var streets = []string{
	"Am Hafen", "Industriestraße", "Gewerbering", "Lübecker Straße", "Große Diesdorfer Straße", "Halberstädter Straße",
	"Berliner Chaussee", "Sülzeweg", "Otto-von-Guericke-Straße", "Am Elbdeich", "Werner-von-Siemens-Ring", "Ernst-Reuter-Allee",
}

// A person's name with the grammatical gender it goes with.
type name struct{ given, family string }

// Latvian names: family names take the form of the person's gender.
var (
	latvianMen   = []string{"Jānis", "Andris", "Mārtiņš", "Edgars", "Kārlis", "Raivis", "Uldis", "Artūrs", "Gints", "Roberts", "Pēteris", "Valdis", "Aigars", "Rihards"}
	latvianWomen = []string{"Anna", "Līga", "Ilze", "Kristīne", "Inese", "Zane", "Laura", "Elīna", "Dace", "Agnese", "Baiba", "Ieva", "Sanita", "Marta"}
	// latvianFamilies: the man's and the woman's form.
	latvianFamilies = [][2]string{
		{"Ozoliņš", "Ozoliņa"}, {"Ozols", "Ozola"}, {"Bērziņš", "Bērziņa"}, {"Kalniņš", "Kalniņa"}, {"Liepiņš", "Liepiņa"},
		{"Jansons", "Jansone"}, {"Krūmiņš", "Krūmiņa"}, {"Zariņš", "Zariņa"}, {"Kļaviņš", "Kļaviņa"}, {"Vītols", "Vītola"},
		{"Balodis", "Balode"}, {"Pētersons", "Pētersone"}, {"Eglītis", "Eglīte"}, {"Siliņš", "Siliņa"}, {"Lācis", "Lāce"},
	}
	// Russian names of Latvia's Russian speakers, written the Latvian way.
	russianMen      = []string{"Andrejs", "Sergejs", "Aleksandrs", "Dmitrijs", "Vladimirs", "Jevgēņijs", "Nikolajs", "Igors", "Olegs", "Maksims"}
	russianWomen    = []string{"Jeļena", "Natālija", "Olga", "Tatjana", "Svetlana", "Irina", "Marina", "Jūlija", "Oksana", "Gaļina"}
	russianFamilies = [][2]string{
		{"Kuzņecovs", "Kuzņecova"}, {"Ivanovs", "Ivanova"}, {"Petrovs", "Petrova"}, {"Smirnovs", "Smirnova"}, {"Popovs", "Popova"},
		{"Sokolovs", "Sokolova"}, {"Volkovs", "Volkova"}, {"Fjodorovs", "Fjodorova"}, {"Vasiļjevs", "Vasiļjeva"}, {"Morozovs", "Morozova"},
	}
	germanMen      = []string{"Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Stefan", "Thomas", "Michael"}
	germanWomen    = []string{"Anna", "Lena", "Sophie", "Katharina", "Julia", "Sabine", "Claudia", "Petra"}
	germanFamilies = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Köhler", "Größer"}
)

// qualifications are what newcomers learnt, in Latvian.
var qualifications = []string{"Metinātājs", "Medmāsa", "Pavārs", "Elektriķis", "Autovadītājs", "Mūrnieks", "Galdnieks", "Automehāniķis", "Noliktavas darbinieks", "Maiznieks"}

// noteTexts are notes of caseworkers, in German as staff write them.
var noteTexts = []string{
	"Erstgespräch geführt, Unterlagen vollständig.",
	"Sucht eine Zweiraumwohnung in Stadtfeld oder Sudenburg.",
	"Termin im Bürgerbüro vereinbart, Wohnungsgeberbestätigung liegt vor.",
	"Arbeitgeber bestätigt den Arbeitsbeginn.",
	"Kita-Platz für die Tochter beantragt (Kita-Gutschein).",
	"Sprachkurs B1 bei der VHS ab nächstem Monat.",
	"Krankenversicherung gewählt, Mitgliedsbescheinigung an den Arbeitgeber geschickt.",
	"Kontoeröffnung erledigt.",
	"Rückfrage zur Anerkennung: Zeugnisse werden übersetzt.",
	"Fühlt sich gut eingelebt, Kontakt zum Sportverein hergestellt.",
}

// sharedTexts are notes staff share with the newcomer.
var sharedTexts = []string{
	"Willkommen in Magdeburg! Bei Fragen erreichen Sie uns jederzeit.",
	"Bitte bringen Sie zum Termin Ihren Pass und den Mietvertrag mit.",
	"Ihr Sprachkurs beginnt am Montag um 9 Uhr in der VHS.",
}

// referralServices are what partners are asked for.
var referralServices = []string{"Anerkennungsberatung", "Sprachkursvermittlung", "Bewerbungsunterlagen", "Fachkräfteberatung", "Zeugnisübersetzung"}

// trainingTitles are the intercultural trainings offered to companies.
var trainingTitles = []string{
	"Interkulturelles Training: Zusammenarbeit mit lettischen Fachkräften",
	"Willkommenskultur im Betrieb",
	"Kommunikation im mehrsprachigen Team",
	"Onboarding internationaler Auszubildender",
}
