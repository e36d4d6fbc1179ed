// adc/runtime: what generated gradient code links against. Dependency-free.
export { values, control, refs, adjoints, reset, ValueStack, ControlStack, RefStack } from "./stack.js";
export { zerosLike, gather, scatter, checkClass, checkNoAlias, snapshot, restore, checkResult, checkArg, sumAll, addInto, AdcRuntimeError } from "./shapes.js";
export type { Differentiable } from "./shapes.js";
export { operators, math, zeroGrad, variadic } from "./primitives.js";
export type { Rule } from "./primitives.js";
export { primitive, zerograd, register, setSourceCompiler, vjpOf, knownVjp } from "./registry.js";
export type { GradRule, Vjp, CompiledSignature } from "./registry.js";
export { tapeCall, tapeBack } from "./tape.js";
export { closure, withCaptures } from "./closures.js";
export { checkJvp, checkTangent } from "./tangent.js";
export { store, stackTops, resetTops, checkDirection, checkObjectDirection, units } from "./higher.js";
export { vjpArg, checkCotangent, copyArg, scaleGrad, vjpOfRule } from "./vjp.js";
export { jacobianOf } from "./jacobian.js";
export type { JacobianMode } from "./jacobian.js";
