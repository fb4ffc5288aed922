/** The Parquet results warehouse: table schemas as constants, atomic per-run writes through parquet-hadoop on any Hadoop-compatible filesystem, driver-side queries. */
package io.optim4rl.jobs.warehouse;
