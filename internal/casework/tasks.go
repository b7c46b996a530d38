package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"relocate/ent"
	"relocate/ent/guidearticle"
	"relocate/ent/guidecategory"
	"relocate/ent/place"
	"relocate/ent/schema/schematype"
	"relocate/ent/task"
	"relocate/ent/timelineentry"
	"relocate/internal/apperr"
)

// TaskInput is a task to create, or a change of one; nil fields are left
// as they are.
type TaskInput struct {
	CaseID     int // creation only
	Title      *string
	Topic      Edit[string]
	Status     *task.Status // changes only; DONE through CompleteTask
	DueOn      Edit[time.Time]
	AssigneeID Edit[int]
	ArticleID  Edit[int]
	PlaceID    Edit[int]
}

// CreateTask adds a task to an open case.
func (s *Service) CreateTask(ctx context.Context, in TaskInput) (*ent.Task, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c, err := tx.CaseFile.Get(ctx, in.CaseID)
		if err != nil {
			return notFound(err, missing("caseId", ErrCaseNotFound))
		}
		if err := processing(ctx, tx, c); err != nil {
			return err
		}
		m := tx.Task.Create().SetCaseID(in.CaseID)
		if in.Title == nil {
			m.SetTitle("")
		}
		if _, err := s.setTask(ctx, tx, m.Mutation(), in); err != nil {
			return err
		}
		t, err := m.Save(ctx)
		if err != nil {
			return fmt.Errorf("casework: create task: %w", err)
		}
		id = t.ID
		return s.record(ctx, tx, in.CaseID, timelineentry.KindTASK_CREATED, t.Title, t.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Task.Get(ctx, id)
}

// UpdateTask changes task id. Completing it is CompleteTask's.
func (s *Service) UpdateTask(ctx context.Context, id int, in TaskInput) (*ent.Task, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		t, c, err := s.taskForChange(ctx, tx, id)
		if err != nil {
			return err
		}
		u := t.Update()
		if in.Status != nil {
			switch {
			case *in.Status == task.StatusDONE:
				return apperr.OnField("status", errUseComplete)
			case *in.Status == task.StatusNOT_NEEDED:
				u.SetCompletedAt(s.now())
			default:
				u.ClearCompletedAt()
			}
		}
		changed, err := s.setTask(ctx, tx, u.Mutation(), in)
		if err != nil || len(changed) == 0 {
			return err
		}
		if err := u.Exec(ctx); err != nil {
			return fmt.Errorf("casework: update task %d: %w", id, err)
		}
		return s.record(ctx, tx, c.ID, timelineentry.KindTASK_UPDATED, t.Title+": "+strings.Join(changed, ", "), id)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Task.Get(ctx, id)
}

// CompleteTask marks task id done.
func (s *Service) CompleteTask(ctx context.Context, id int) (*ent.Task, error) {
	if err := allowed(ctx); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		t, c, err := s.taskForChange(ctx, tx, id)
		if err != nil {
			return err
		}
		if t.Status == task.StatusDONE {
			return apperr.OnField("id", errTaskClosed)
		}
		if err := t.Update().SetStatus(task.StatusDONE).SetCompletedAt(s.now()).Exec(ctx); err != nil {
			return fmt.Errorf("casework: complete task %d: %w", id, err)
		}
		return s.record(ctx, tx, c.ID, timelineentry.KindTASK_COMPLETED, t.Title, id)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Task.Get(ctx, id)
}

// taskForChange returns task id and its case, which must be open and
// processed with a legal basis.
func (s *Service) taskForChange(ctx context.Context, tx *ent.Client, id int) (*ent.Task, *ent.CaseFile, error) {
	t, err := tx.Task.Get(ctx, id)
	if err != nil {
		return nil, nil, notFound(err, missing("id", ErrTaskNotFound))
	}
	c, err := tx.CaseFile.Get(ctx, t.CaseID)
	if err != nil {
		return nil, nil, fmt.Errorf("casework: case of task %d: %w", id, err)
	}
	return t, c, processing(ctx, tx, c)
}

// setTask checks the fields of in and sets them on m; it returns the API
// names of the fields changed, or an error naming every wrong field.
func (s *Service) setTask(ctx context.Context, tx *ent.Client, m *ent.TaskMutation, in TaskInput) ([]string, error) {
	var f apperr.Fields
	var changed []string
	if in.Title != nil {
		m.SetTitle(*in.Title)
		f.Check("title", task.TitleValidator(*in.Title))
		changed = append(changed, "title")
	}
	if in.Status != nil {
		m.SetStatus(*in.Status)
		changed = append(changed, "status")
	}
	if in.Topic.Set {
		changed = append(changed, "topic")
		if in.Topic.Value == nil || *in.Topic.Value == "" {
			m.ClearTopic()
		} else {
			ok, err := tx.GuideCategory.Query().Where(guidecategory.Key(*in.Topic.Value)).Exist(ctx)
			if err != nil {
				return nil, fmt.Errorf("casework: find topic: %w", err)
			}
			if !ok {
				f.Check("topic", errUnknownTopic)
			}
			m.SetTopic(*in.Topic.Value)
		}
	}
	if in.DueOn.Set {
		changed = append(changed, "dueOn")
		if in.DueOn.Value == nil {
			m.ClearDueOn()
		} else {
			m.SetDueOn(schematype.DateOf(*in.DueOn.Value))
		}
	}
	if in.AssigneeID.Set {
		changed = append(changed, "assignee")
		if in.AssigneeID.Value == nil {
			m.ClearAssigneeID()
		} else {
			if err := checkCaseworker(ctx, tx, &f, "assigneeId", *in.AssigneeID.Value); err != nil {
				return nil, err
			}
			m.SetAssigneeID(*in.AssigneeID.Value)
		}
	}
	if in.ArticleID.Set {
		changed = append(changed, "article")
		if in.ArticleID.Value == nil {
			m.ClearArticleID()
		} else {
			ok, err := tx.GuideArticle.Query().Where(guidearticle.ID(*in.ArticleID.Value)).Exist(ctx)
			if err != nil {
				return nil, fmt.Errorf("casework: find article: %w", err)
			}
			if !ok {
				f.Check("articleId", apperr.Invalid("error.field.unknown_article", nil))
			}
			m.SetArticleID(*in.ArticleID.Value)
		}
	}
	if in.PlaceID.Set {
		changed = append(changed, "place")
		if in.PlaceID.Value == nil {
			m.ClearPlaceID()
		} else {
			ok, err := tx.Place.Query().Where(place.ID(*in.PlaceID.Value)).Exist(ctx)
			if err != nil {
				return nil, fmt.Errorf("casework: find place: %w", err)
			}
			if !ok {
				f.Check("placeId", errUnknown)
			}
			m.SetPlaceID(*in.PlaceID.Value)
		}
	}
	return changed, f.Err()
}
