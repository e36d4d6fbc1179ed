// The corpus, grouped by construct. Every case is checked by test/corpus.test.ts against finite
// differences of the uncompiled f; test/snapshots.test.ts snapshots a few of them.
import { arrayArgs, arrayEdges, arrayLocals, arrayWrites } from "./arrays.js";
import { adversarialArrays, adversarialFunctions, adversarialLoops, adversarialMinimal, adversarialMore, adversarialScoping } from "./adversarial.js";
import type { Case } from "./case.js";
import { branches, controlEdges, loops } from "./control.js";
import { argnums, callEdges, helpers, recursion } from "./functions.js";
import { arithmetic, comparisons, integerOps, mathFns, nonDifferentiable } from "./numbers.js";
import { programsFloat32, programsInPlace, programsMinimal, programsMulti, programsNumeric, programsUntyped } from "./programs.js";
import { variables } from "./variables.js";
import { newpathsCached, newpathsFused, newpathsInlining, newpathsMinimal } from "./newpaths.js";
import { defaults, regressions } from "./regressions.js";
import { classes, destructuring, helpersWithObjects, localObjects, moduleObjects, objectCallbacks, objectParams } from "./objects.js";
import { objectsAliasing, objectsArgs, objectsCallbacks, objectsClasses, objectsControl, objectsNested, objectsRound2, objectsScoping, objectsSpreads } from "./objects-adversarial.js";
import { primitives } from "./calls.js";
import { interplayCalls, interplayClasses, interplayClosures, interplayDestructuring, interplayFactories, interplayMore, interplayMutation, interplayObjectArgs } from "./interplay.js";
import { callbackAdversarial, callbackCases, callbackOrder, callbackParams, callbackReceivers, closureArgs, closureOrder, factories, higherOrder, pushSpread, spreadArgs } from "./callbacks.js";

export type { Case } from "./case.js";

export interface Group {
  construct: string;
  cases: Case[];
}

export const groups: Group[] = [
  { construct: "numbers: arithmetic operators", cases: arithmetic },
  { construct: "numbers: Math functions", cases: mathFns },
  { construct: "numbers: non-differentiable Math functions", cases: nonDifferentiable },
  { construct: "numbers: comparisons", cases: comparisons },
  { construct: "numbers: integer and bit operations for indices", cases: integerOps },
  { construct: "variables", cases: variables },
  { construct: "control flow: branches", cases: branches },
  { construct: "control flow: loops, break, continue, return", cases: loops },
  { construct: "control flow: side effects in conditions, switch in loops", cases: controlEdges },
  { construct: "arrays: arguments and reads", cases: arrayArgs },
  { construct: "arrays: writes", cases: arrayWrites },
  { construct: "arrays: locals, allocation, aliasing", cases: arrayLocals },
  { construct: "arrays: ++/--, side-effecting indices, copies", cases: arrayEdges },
  { construct: "functions: helpers", cases: helpers },
  { construct: "functions: recursion", cases: recursion },
  { construct: "functions: argnum and arrow functions", cases: argnums },
  { construct: "functions: evaluation order, aliasing through calls, deep recursion", cases: callEdges },
  { construct: "adversarial: scoping, parameters, straight-line code", cases: adversarialScoping },
  { construct: "adversarial: loops and control flow", cases: adversarialLoops },
  { construct: "adversarial: arrays, aliasing, buffers", cases: adversarialArrays },
  { construct: "adversarial: helpers, recursion, argnum", cases: adversarialFunctions },
  { construct: "adversarial: more loops, helpers in conditions, Math, element updates", cases: adversarialMore },
  { construct: "adversarial: minimal reproductions of compiler bugs", cases: adversarialMinimal },
  { construct: "programs: numeric (simulations, stencils, solvers, networks, sorting)", cases: programsNumeric },
  { construct: "programs: plain JavaScript (untyped, var, mixed int/float)", cases: programsUntyped },
  { construct: "programs: several transforms in a module, shared helpers", cases: programsMulti },
  { construct: "programs: Float32Array simulations", cases: programsFloat32 },
  { construct: "programs: writes into arguments", cases: programsInPlace },
  { construct: "programs: minimal reproductions of compiler bugs", cases: programsMinimal },
  { construct: "newpaths: inlining of one-expression helpers", cases: newpathsInlining },
  { construct: "newpaths: fused one-sweep gradients", cases: newpathsFused },
  { construct: "newpaths: cached intermediates, recomputed loop-locals", cases: newpathsCached },
  { construct: "newpaths: minimal reproductions of compiler bugs", cases: newpathsMinimal },
  { construct: "regressions found by random programs", cases: regressions },
  { construct: "functions: parameters with default values", cases: defaults },
  { construct: "objects: object and tuple parameters", cases: objectParams },
  { construct: "objects: destructuring", cases: destructuring },
  { construct: "objects: local objects, spread, field writes", cases: localObjects },
  { construct: "objects: helpers taking objects", cases: helpersWithObjects },
  { construct: "objects: classes, methods, getters, arrays of objects", cases: classes },
  { construct: "objects: module-level constant objects read as data", cases: moduleObjects },
  { construct: "objects: callbacks over arrays of objects", cases: objectCallbacks },
  { construct: "objects adversarial: aliasing", cases: objectsAliasing },
  { construct: "objects adversarial: shadowing", cases: objectsScoping },
  { construct: "objects adversarial: loops, branches, conditional fields", cases: objectsControl },
  { construct: "objects adversarial: spreads", cases: objectsSpreads },
  { construct: "objects adversarial: nested arrays of objects, tuples", cases: objectsNested },
  { construct: "objects adversarial: classes", cases: objectsClasses },
  { construct: "objects adversarial: callbacks and closures", cases: objectsCallbacks },
  { construct: "objects adversarial: arguments, argnum, mutation", cases: objectsArgs },
  { construct: "objects adversarial: spreads of missing fields, aliases, optional parts", cases: objectsRound2 },
  { construct: "calls: gradient rules declared with primitive() and zerograd()", cases: primitives },
  { construct: "callbacks, local closures, IIFEs, spread", cases: callbackCases },
  { construct: "callbacks, local closures, spread: adversarial", cases: callbackAdversarial },
  { construct: "callbacks: receivers reassigned while the callback runs", cases: callbackReceivers },
  { construct: "callbacks: destructured and default parameters, rows", cases: callbackParams },
  { construct: "local closures: effects on the target of an assignment, evaluation order", cases: closureOrder },
  { construct: "callbacks: evaluation order of receiver and initial value", cases: callbackOrder },
  { construct: "local closures: functions passed to local functions", cases: higherOrder },
  { construct: "local closures: functions returned by factories", cases: factories },
  { construct: "local closures: arguments passed without copies, calls as statements", cases: closureArgs },
  { construct: "spread: push with several values and spreads", cases: pushSpread },
  { construct: "spread: arrays of unknown length into functions adc sees", cases: spreadArgs },
  { construct: "interplay: objects in callbacks and closures", cases: interplayClosures },
  { construct: "interplay: destructuring in callback parameters", cases: interplayDestructuring },
  { construct: "interplay: class methods with callbacks, closures, spreads", cases: interplayClasses },
  { construct: "interplay: rules and functions passed in, with objects", cases: interplayCalls },
  { construct: "interplay: factories over objects", cases: interplayFactories },
  { construct: "interplay: mutation and argnum arrays", cases: interplayMutation },
  { construct: "interplay: objects passed to methods and local functions", cases: interplayObjectArgs },
  { construct: "interplay: factories, reassigned objects, spreads of this, optional chains", cases: interplayMore },
];

export const allCases: Case[] = groups.flatMap((g) => g.cases);

export function findCase(name: string): Case {
  const c = allCases.find((k) => k.name === name);
  if (!c) throw new Error(`no corpus case named ${name}`);
  return c;
}
