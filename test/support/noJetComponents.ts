// Stands for an 'oj-c/…' module (JET's Core Pack components) in jest: see jest.config.js.
export {};
