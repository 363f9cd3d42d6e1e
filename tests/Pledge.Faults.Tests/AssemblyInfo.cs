// Each test runs a whole cluster (PostgreSQL, silos, apis) on a 2-core machine: one at a time, so that no test's
// timing bounds (deadline lateness, drain, take-over) measure another test's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
