/** The environment variables through which `hqml worker` configures its job processes. */
export const PROCESSOR_ENV = { url: 'HQML_QUEUE_URL', queue: 'HQML_QUEUE_NAME', store: 'HQML_QUEUE_STORE', worker: 'HQML_WORKER_NAME' } as const;
