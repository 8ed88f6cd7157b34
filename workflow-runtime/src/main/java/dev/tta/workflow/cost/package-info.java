/**
 * What a workflow spends: a {@link dev.tta.workflow.cost.Cost} recorded by a step (LLM tokens, money) and the
 * {@link dev.tta.workflow.cost.CostSummary} it rolls up into, per primitive and per run.
 *
 * <p>Parameters and return values are never null unless their documentation says so.
 */
package dev.tta.workflow.cost;
