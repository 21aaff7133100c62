export * from './props';
export * from './blue-green-lambda';
