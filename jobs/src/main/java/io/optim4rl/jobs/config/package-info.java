/** Typed, documented, validated experiment configuration: YAML files with base and sweep blocks, --set overrides, sweep expansion into RunSpecs with stable hashed ids. */
package io.optim4rl.jobs.config;
