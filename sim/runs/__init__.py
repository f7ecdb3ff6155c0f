"""Running the model: one scenario, many parameter vectors in one model, sweeps."""
