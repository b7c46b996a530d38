package graph_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"relocate/ent/trainingbooking"
	"relocate/internal/testenv"
)

// training offers a session starting in two hours with capacity places
// and returns its ID.
func (n *network) training(capacity int) string {
	n.t.Helper()
	var d struct {
		CreateTraining struct{ Training struct{ ID string } }
	}
	n.ok(n.caseworker, `mutation($at: Time!, $cap: Int!) { createTraining(input: {title: "Interkulturelles Training: Lettland",
		startsAt: $at, trainer: "Inese Kalniņa", language: DE, capacity: $cap, placeText: "Rathaus, Raum 2"}) { training { id } } }`,
		map[string]any{"at": n.clock.Now().Add(2 * time.Hour).Format(time.RFC3339), "cap": capacity}, &d)
	return d.CreateTraining.Training.ID
}

const bookOp = `mutation($t: ID!, $c: ID, $n: Int!) { bookTraining(input: {trainingId: $t, companyId: $c, participants: $n}) {
	booking { id participants company { name } training { placesLeft } } } }`

func TestCreateTrainingRefusesBadInput(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		r := n.as(n.caseworker, `mutation($at: Time!) { createTraining(input: {title: " ", startsAt: $at, capacity: 0,
			durationMinutes: 0, placeId: "99999999", placeText: "Rathaus"}) { training { id } } }`,
			map[string]any{"at": n.clock.Now().Add(-time.Hour).Format(time.RFC3339)}, "Accept-Language", "ru")
		if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.capacity,input.durationMinutes,input.placeId,input.placeText,input.startsAt,input.title" {
			t.Errorf("bad training: %s", r.Raw)
		}
		if c := n.app.Store.Client.Training.Query().CountX(n.sys); c != 0 {
			t.Errorf("%d trainings stored", c)
		}
	})
}

// TestTrainingIsNeverOverbooked sends bookings of many companies at once
// (more than the training holds): the sum of the accepted ones never
// exceeds the capacity, every refusal says how many places are left, and
// what was accepted is what is stored.
func TestTrainingIsNeverOverbooked(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		const capacity, companies, each = 10, 12, 3
		tr := n.training(capacity)
		ids := []int{n.companyA, n.companyB}
		for i := len(ids); i < companies; i++ {
			ids = append(ids, n.app.Store.Client.Company.Create().SetName(fmt.Sprintf("Firma %d GmbH", i)).SaveX(n.sys).ID)
		}
		var (
			mu       sync.Mutex
			accepted int
			refused  []string
			wg       sync.WaitGroup
		)
		for i, c := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				token, company := n.caseworker, any(id(c))
				switch i { // the companies' own contacts book too
				case 0:
					token, company = n.contactA, nil
				case 1:
					token, company = n.contactB, nil
				}
				r := n.as(token, bookOp, map[string]any{"t": tr, "c": company, "n": each}, "Accept-Language", "en")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case len(r.Errors) == 0:
					accepted += each
				case r.Code() == "BAD_USER_INPUT":
					refused = append(refused, fmt.Sprint(fields(r)["input.participants"]))
				default:
					t.Errorf("booking %d: %d %s", i, r.Status, r.Raw)
				}
			}()
		}
		wg.Wait()
		stored := 0
		for _, b := range n.app.Store.Client.TrainingBooking.Query().AllX(n.sys) {
			stored += b.Participants
		}
		if accepted > capacity || stored != accepted || accepted != capacity/each*each {
			t.Errorf("accepted %d participants, stored %d; capacity %d", accepted, stored, capacity)
		}
		for _, msg := range refused {
			if msg != "Only 1 place is left in this training." {
				t.Errorf("refusal: %q", msg)
			}
		}
		if len(refused) != companies-capacity/each {
			t.Errorf("%d refused, want %d", len(refused), companies-capacity/each)
		}
		var d struct{ Node struct{ PlacesLeft int } }
		n.ok(n.caseworker, `query($id: ID!) { node(id: $id) { ... on Training { placesLeft } } }`, map[string]any{"id": tr}, &d)
		if d.Node.PlacesLeft != capacity-accepted {
			t.Errorf("placesLeft %d, want %d", d.Node.PlacesLeft, capacity-accepted)
		}
	})
}

func TestBookingsAndAttendance(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		tr := n.training(8)
		var b struct {
			BookTraining struct {
				Booking struct {
					ID           string
					Participants int
					Company      struct{ Name string }
					Training     struct{ PlacesLeft int }
				}
			}
		}
		n.ok(n.contactA, bookOp, map[string]any{"t": tr, "n": 5}, &b)
		if bk := b.BookTraining.Booking; bk.Company.Name != "Metallbau Elbe GmbH" || bk.Participants != 5 || bk.Training.PlacesLeft != 3 {
			t.Errorf("booking of the company contact: %+v", bk)
		}
		booking := b.BookTraining.Booking.ID
		// Booking again changes the company's booking, within what is left.
		n.ok(n.contactA, bookOp, map[string]any{"t": tr, "n": 8}, &b)
		if bk := b.BookTraining.Booking; bk.ID != booking || bk.Participants != 8 || bk.Training.PlacesLeft != 0 {
			t.Errorf("changed booking: %+v", bk)
		}
		r := n.as(n.caseworker, bookOp, map[string]any{"t": tr, "c": id(n.companyB), "n": 1}, "Accept-Language", "lv")
		if r.Code() != "BAD_USER_INPUT" || fields(r)["input.participants"] != "Šajā apmācībā ir tikai 0 brīvu vietu." {
			t.Errorf("booking a full training: %s", r.Raw)
		}
		n.ok(n.contactA, bookOp, map[string]any{"t": tr, "n": 4}, &b)
		r = n.as(n.caseworker, bookOp, map[string]any{"t": tr, "n": 1})
		if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.companyId" {
			t.Errorf("staff booking without a company: %s", r.Raw)
		}
		r = n.as(n.contactB, bookOp, map[string]any{"t": tr, "n": 0})
		if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.participants" {
			t.Errorf("booking nobody: %s", r.Raw)
		}

		// Attendance: only once the training has begun, never more than
		// were booked.
		const attend = `mutation($b: ID!, $n: Int!) { recordAttendance(input: {bookingId: $b, attended: $n}) { booking { attended participants } } }`
		if r := n.as(n.caseworker, attend, map[string]any{"b": booking, "n": 3}); r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.bookingId" {
			t.Errorf("attendance before the training: %s", r.Raw)
		}
		n.clock.Add(3 * time.Hour) // sessions last 12 hours
		for _, tc := range []struct {
			n    int
			want string
		}{{5, "More participants than were booked (4) cannot have taken part."}, {-1, ""}} {
			r := n.as(n.caseworker, attend, map[string]any{"b": booking, "n": tc.n}, "Accept-Language", "en")
			if r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.attended" || tc.want != "" && fields(r)["input.attended"] != tc.want {
				t.Errorf("attended %d: %s", tc.n, r.Raw)
			}
		}
		if got := n.app.Store.Client.TrainingBooking.Query().OnlyX(n.sys); got.Attended != nil {
			t.Errorf("refused attendance stored: %d", *got.Attended)
		}
		for _, k := range []int{4, 0} {
			var d struct {
				RecordAttendance struct {
					Booking struct{ Attended, Participants int }
				}
			}
			n.ok(n.caseworker, attend, map[string]any{"b": booking, "n": k}, &d)
			if d.RecordAttendance.Booking.Attended != k {
				t.Errorf("attended %d: %+v", k, d)
			}
		}
		if r := n.as(n.contactA, attend, map[string]any{"b": booking, "n": 1}); r.Code() != "FORBIDDEN" {
			t.Errorf("a company contact records attendance: %s", r.Raw)
		}
		if r := n.as(n.contactA, bookOp, map[string]any{"t": tr, "n": 1}); r.Code() != "BAD_USER_INPUT" || fieldNames(r) != "input.trainingId" {
			t.Errorf("booking a training that has begun: %s", r.Raw)
		}
	})
}

// TestTrainingScoping: a company contact books only for their own company
// and sees the sessions and only their own company's bookings, through
// the root field, edges and node(id:); a newcomer, editors, translators and
// anonymous readers see nothing of it.
func TestTrainingScoping(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, db testenv.DB) {
		n := newNetwork(t, db)
		tr := n.training(20)
		var b struct {
			BookTraining struct{ Booking struct{ ID string } }
		}
		n.ok(n.contactA, bookOp, map[string]any{"t": tr, "n": 2}, &b)
		bookingA := b.BookTraining.Booking.ID
		n.ok(n.caseworker, bookOp, map[string]any{"t": tr, "c": id(n.companyB), "n": 3}, &b)
		bookingB := b.BookTraining.Booking.ID

		// A: not for another company, whose ID names nothing A may see.
		r := n.as(n.contactA, bookOp, map[string]any{"t": tr, "c": id(n.companyB), "n": 1})
		if r.Code() != "NOT_FOUND" {
			t.Errorf("company contact books for another company: %s", r.Raw)
		}
		if got := n.app.Store.Client.TrainingBooking.Query().Where(trainingbooking.CompanyID(n.companyB)).OnlyX(n.sys); got.Participants != 3 {
			t.Errorf("company B's booking changed to %d", got.Participants)
		}

		const list = `{ trainings { totalCount edges { node { id title placesLeft bookings { id participants company { name } } } } } }`
		var d struct {
			Trainings struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						ID         string
						PlacesLeft int
						Bookings   []struct {
							ID      string
							Company struct{ Name string }
						}
					}
				}
			}
		}
		bookingsSeen := func(token string) []string {
			n.ok(token, list, nil, &d)
			if d.Trainings.TotalCount != 1 || d.Trainings.Edges[0].Node.PlacesLeft != 15 {
				t.Errorf("trainings: %+v", d.Trainings)
			}
			var out []string
			for _, bk := range d.Trainings.Edges[0].Node.Bookings {
				out = append(out, bk.Company.Name)
			}
			slices.Sort(out)
			return out
		}
		if got := bookingsSeen(n.caseworker); !slices.Equal(got, []string{"Börde Pflege gGmbH", "Metallbau Elbe GmbH"}) {
			t.Errorf("staff see bookings of %v", got)
		}
		if got := bookingsSeen(n.contactA); !slices.Equal(got, []string{"Metallbau Elbe GmbH"}) {
			t.Errorf("company contact A sees bookings of %v", got)
		}
		var own struct {
			Node struct {
				TrainingBookings []struct{ ID string }
			}
		}
		n.ok(n.contactA, `query($id: ID!) { node(id: $id) { ... on Company { trainingBookings { id } } } }`, map[string]any{"id": id(n.companyA)}, &own)
		if len(own.Node.TrainingBookings) != 1 || own.Node.TrainingBookings[0].ID != bookingA {
			t.Errorf("company A's bookings through its company: %+v", own)
		}
		for what, nodeID := range map[string]string{"B's booking": bookingB, "company B": id(n.companyB)} {
			r := n.as(n.contactA, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": nodeID})
			if r.Code() != "NOT_FOUND" || string(r.Data) != `{"node":null}` {
				t.Errorf("company contact A, node(%s): %s", what, r.Raw)
			}
		}

		// Nobody else sees trainings or bookings, by any way.
		for who, token := range map[string]string{"newcomer": n.newcomer, "editor": n.editor, "translator": n.translator, "anonymous": ""} {
			want := "FORBIDDEN"
			if token == "" {
				want = "UNAUTHENTICATED"
			}
			if r := n.as(token, list, nil); r.Code() != want {
				t.Errorf("%s, trainings: %s", who, r.Raw)
			}
			if r := n.as(token, bookOp, map[string]any{"t": tr, "c": id(n.companyA), "n": 1}); r.Code() != want {
				t.Errorf("%s, bookTraining: %s", who, r.Raw)
			}
			for _, nodeID := range []string{tr, bookingA, bookingB} {
				r := n.as(token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": nodeID})
				if r.Code() != "NOT_FOUND" || string(r.Data) != `{"node":null}` {
					t.Errorf("%s, node(%s): %s", who, nodeID, r.Raw)
				}
			}
		}
		if c := n.app.Store.Client.TrainingBooking.Query().CountX(n.sys); c != 2 {
			t.Errorf("%d bookings, want 2", c)
		}
	})
}
