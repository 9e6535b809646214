/** SVG path data of the transport buttons (24×24 viewBox), shared by every timeline. */
export const TRANSPORT_ICONS: Readonly<Record<'start' | 'back' | 'play' | 'pause' | 'forward' | 'end', string>> = {
  start: 'M5 5h3v14H5zM20 5v14L9 12z',
  back: 'M18 5v14L7 12zM5 5h2v14H5z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  forward: 'M6 5v14l11-7zM17 5h2v14h-2z',
  end: 'M4 5v14l11-7zM16 5h3v14h-3z',
};
