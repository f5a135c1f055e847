package app

import "context"

// SeedDemo loads the demo data set into an empty database.
func (a *App) SeedDemo(ctx context.Context) error {
	return nil
}
