/** A stand-in for analyze-worker that dies while starting, as one whose models cannot load would. */
throw new Error('model files not found');
