package guide

import "context"

// Rebuild builds a snapshot of the database's content from prev (nil:
// from nothing), without serving it (for benchmarks).
func (s *Service) Rebuild(ctx context.Context, prev *Snapshot) (*Snapshot, error) {
	v, err := s.version(ctx)
	if err != nil {
		return nil, err
	}
	return s.buildSnapshot(ctx, v, prev)
}

// Articles is the number of articles in sn.
func (sn *Snapshot) Articles() int { return len(sn.articles.items) }
