declare module 'cornerstone-decode-worker';
