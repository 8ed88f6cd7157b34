/**
 * The runtime's own machinery: not API. Public only so that the packages above can reach it; anything here can
 * change or disappear in any release. Depends on no other package of the runtime but the value packages
 * ({@code telemetry}, {@code cost}, {@code slo}).
 */
package dev.tta.workflow.internal;
