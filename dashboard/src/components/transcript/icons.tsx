// The few pictures of the transcript page, drawn inline (no files to fetch, nothing inline-styled).
const base = {
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': 2,
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const;

export const PlayIcon = ({ size = 20 }: { size?: number }) => (
  <svg aria-hidden="true" {...base} width={size} height={size} fill="currentColor" stroke="none">
    <path d="M8 5.5v13a1 1 0 0 0 1.5.86l10.2-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5Z" />
  </svg>
);

export const PauseIcon = ({ size = 20 }: { size?: number }) => (
  <svg aria-hidden="true" {...base} width={size} height={size} fill="currentColor" stroke="none">
    <rect x="6" y="5" width="4" height="14" rx="1" />
    <rect x="14" y="5" width="4" height="14" rx="1" />
  </svg>
);

export const SearchIcon = () => (
  <svg aria-hidden="true" {...base} width={18} height={18}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m16 16 4.5 4.5" />
  </svg>
);

/** Speech turned into lines: the transcript. */
export const TranscriptIcon = ({ size = 22 }: { size?: number }) => (
  <svg aria-hidden="true" {...base} width={size} height={size}>
    <path d="M4 5.5h9M4 10h14M4 14.5h11M4 19h7" />
    <path d="M18 15v5M15.5 17v1M20.5 16.5v2" />
  </svg>
);

export const CopyIcon = () => (
  <svg aria-hidden="true" {...base} width={18} height={18}>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
  </svg>
);

export const DownloadIcon = () => (
  <svg aria-hidden="true" {...base} width={18} height={18}>
    <path d="M12 4v11M7 10.5l5 5 5-5M5 20h14" />
  </svg>
);

export const LockIcon = ({ size = 22 }: { size?: number }) => (
  <svg aria-hidden="true" {...base} width={size} height={size}>
    <rect x="5" y="11" width="14" height="9" rx="2" />
    <path d="M8 11V8a4 4 0 0 1 8 0v3" />
  </svg>
);
